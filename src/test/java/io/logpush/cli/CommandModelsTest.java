package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ITypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The generated model (CommandModels, what the commands use) is the model picocli reads from the annotations: every
 * attribute of every command, option, positional parameter, group and mixin, compared through picocli's public
 * getters (all of them, but the bindings to the objects), and the help of every command, to the character.
 */
class CommandModelsTest {
    /** Getters that return the objects the options are bound to, or the state of a parse: not part of the model. */
    private static final Set<String> NOT_MODEL = Set.of("getter", "setter", "scope", "userObject", "commandLine",
            "parent", "root", "annotatedElement", "specElements", "mixinAnnotatedElements", "parentCommandElements",
            "getValue", "getValues", "typedValues", "stringValues", "originalStringValues", "hashCode", "toString",
            "getClass", "interpolator", "messages", "methodParams", "group", "command", "rawStringValues",
            "defaultValueFromProvider", "resourceBundle", "resourceBundleBaseName", "modelTransformer",
            "argGroupSpec", "subgroups", "args", "parentGroup", "argGroups", "typedValueAtPosition");
    /** The parts compared one by one rather than as values. */
    private static final Set<String> STRUCTURE = Set.of("usageMessage", "parser", "options", "positionalParameters",
            "mixins", "subcommands", "argGroups", "requiredArgs", "optionsMap", "negatedOptionsMap",
            "posixOptionsMap", "optionsByNameMap", "interactiveArgs");

    static Cli.Models generated() {
        Cli.Models m = Cli.generatedModels();
        assertThat(m).as("src/main/java/io/logpush/cli/CommandModels.java is missing: run 'make completions'")
                .isNotNull();
        return m;
    }

    static CommandLine model(Cli.Models models) {
        StringWriter sink = new StringWriter();
        Context ctx = new Context(new PrintWriter(sink), new PrintWriter(sink), Map.of(),
                Main.Terminal.none(InputStream.nullInputStream()));
        return Cli.build(ctx, null, models);
    }

    @Test
    void theGeneratedModelIsTheModelOfTheAnnotations() {
        CommandLine annotations = model(null);
        CommandLine generated = model(generated());
        List<String> differences = new ArrayList<>();
        compare("logpush", annotations.getCommandSpec(), generated.getCommandSpec(), differences,
                new IdentityHashMap<>());
        assertThat(differences).isEmpty();
    }

    @Test
    void everyCommandPrintsTheSameHelp() {
        CommandLine annotations = model(null);
        CommandLine generated = model(generated());
        assertThat(generated.getUsageMessage()).isEqualTo(annotations.getUsageMessage());
        assertThat(generated.getSubcommands().keySet()).isEqualTo(annotations.getSubcommands().keySet());
        for (String name : annotations.getSubcommands().keySet()) {
            assertThat(generated.getSubcommands().get(name).getUsageMessage()).as(name)
                    .isEqualTo(annotations.getSubcommands().get(name).getUsageMessage());
        }
    }

    @Test
    void theCommandsUseTheGeneratedModel() {
        // Cli finds CommandModels: a root built from it has no annotated element behind its options.
        CommandLine cli = DocsTool.commandLine();
        assertThat(cli.getCommandSpec().findOption("--help").userObject()).isNull();
        assertThat(model(null).getCommandSpec().findOption("--help").userObject())
                .isInstanceOf(java.lang.reflect.Field.class);
    }

    /** Compares two command models: their own attributes, then their parts (usage, parser, args, groups, mixins, subcommands). */
    private static void compare(String path, Object a, Object b, List<String> out, Map<Object, Object> seen) {
        CommandSpec x = (CommandSpec) a;
        CommandSpec y = (CommandSpec) b;
        attributes(path, x, y, out);
        attributes(path + ".usageMessage", x.usageMessage(), y.usageMessage(), out);
        attributes(path + ".parser", x.parser(), y.parser(), out);
        args(path + ".options", x.options(), y.options(), out);
        args(path + ".positionalParameters", x.positionalParameters(), y.positionalParameters(), out);
        groups(path + ".argGroups", x.argGroups(), y.argGroups(), out);
        value(path + ".mixins", x.mixins().keySet(), y.mixins().keySet(), out);
        for (String m : x.mixins().keySet()) {
            if (y.mixins().containsKey(m)) {
                compare(path + ".mixin[" + m + "]", x.mixins().get(m), y.mixins().get(m), out, seen);
            }
        }
        value(path + ".subcommands", x.subcommands().keySet(), y.subcommands().keySet(), out);
        for (String c : x.subcommands().keySet()) {
            if (y.subcommands().containsKey(c)) {
                compare(path + " " + c, x.subcommands().get(c).getCommandSpec(),
                        y.subcommands().get(c).getCommandSpec(), out, seen);
            }
        }
    }

    private static void args(String path, List<? extends ArgSpec> a, List<? extends ArgSpec> b, List<String> out) {
        value(path, a.stream().map(CommandModelsTest::key).toList(), b.stream().map(CommandModelsTest::key).toList(), out);
        if (a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                List<String> found = new ArrayList<>();
                attributes(path + "[" + key(a.get(i)) + "]", a.get(i), b.get(i), found);
                if (a.get(i).group() != null) {
                    // A group member's initial value is read by picocli from the group's object when it makes one
                    // (and set back unchanged): it "has" one, the generated member leaves the new object as it is.
                    found.removeIf(d -> d.contains(".hasInitialValue: true <> false"));
                }
                out.addAll(found);
            }
        }
    }

    private static void groups(String path, List<ArgGroupSpec> a, List<ArgGroupSpec> b, List<String> out) {
        value(path + ".size", a.size(), b.size(), out);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            attributes(path + "[" + i + "]", a.get(i), b.get(i), out);
            groups(path + "[" + i + "].subgroups", a.get(i).subgroups(), b.get(i).subgroups(), out);
        }
    }

    /** Every public getter of a part of the model, the bindings and parse state left out, compared as values. */
    private static void attributes(String path, Object a, Object b, List<String> out) {
        for (Method m : a.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || NOT_MODEL.contains(m.getName())
                    || m.getDeclaringClass() == Object.class || m.getReturnType() == void.class
                    || STRUCTURE.contains(m.getName())) {
                continue;
            }
            Object va;
            Object vb;
            try {
                va = m.invoke(a);
                vb = b.getClass().getMethod(m.getName()).invoke(b);
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.add(path + "." + m.getName() + "(): " + e);
                continue;
            }
            value(path + "." + m.getName(), va, vb, out);
        }
    }

    /** Values: texts, numbers, ranges (unspecified or not), types, classes of the objects (converters...), lists of them. */
    private static void value(String path, Object a, Object b, List<String> out) {
        Object x = normal(a);
        Object y = normal(b);
        if (!java.util.Objects.equals(x, y)) {
            out.add(path + ": " + x + " <> " + y);
        }
    }

    private static Object normal(Object o) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof Enum<?> || o instanceof Class<?>) {
            return o;
        }
        if (o instanceof CommandLine.Range r) {
            return r + (r.isUnspecified() ? " (unspecified)" : "") + " '" + r.originalValue() + "'";
        }
        if (o.getClass().isArray()) {
            return normal(Arrays.asList(toObjects(o)));
        }
        if (o instanceof ITypeInfo t) {
            return List.of(t.getType(), List.of(t.getAuxiliaryTypes()), t.isBoolean(), t.isMultiValue(), t.isArray(),
                    t.isCollection(), t.isMap(), t.isEnum(), t.isOptional(), t.getEnumConstantNames(), t.getClassName(),
                    t.getClassSimpleName());
        }
        if (o instanceof ArgSpec || o instanceof CommandSpec || o instanceof ArgGroupSpec) {
            return "model " + key(o);
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> n = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> n.put(normal(k), normal(v)));
            return n;
        }
        if (o instanceof Collection<?> || (o instanceof Iterable<?> i && isStrings(i))) {
            List<Object> l = new ArrayList<>();
            for (Object e : (Iterable<?>) o) {
                l.add(normal(e));
            }
            if (o instanceof Set<?>) {
                l.sort(Comparator.comparing(String::valueOf));
            }
            return l;
        }
        return "an instance of " + o.getClass().getName();
    }

    private static boolean isStrings(Iterable<?> i) {
        Iterator<?> it = i.iterator();
        return !it.hasNext() || it.next() instanceof String;
    }

    private static String key(Object o) {
        if (o instanceof CommandLine.Model.OptionSpec os) {
            return os.longestName();
        }
        if (o instanceof CommandLine.Model.PositionalParamSpec p) {
            return "#" + p.index() + p.paramLabel();
        }
        if (o instanceof CommandSpec c) {
            return c.qualifiedName();
        }
        if (o instanceof ArgGroupSpec g) {
            return g.synopsis();
        }
        return String.valueOf(o);
    }

    private static Object[] toObjects(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        Object[] o = new Object[n];
        for (int i = 0; i < n; i++) {
            o[i] = java.lang.reflect.Array.get(array, i);
        }
        return o;
    }

}
