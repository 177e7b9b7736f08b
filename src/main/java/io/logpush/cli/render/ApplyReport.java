package io.logpush.cli.render;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.apply.Apply;
import io.logpush.apply.IntakeRefs;
import io.logpush.jobs.DeliveryWait;
import io.logpush.model.Redactor;
import io.logpush.model.Times;

/**
 * How apply shows what it did or would do: the Sekoia intakes it makes, then one line per target in columns sized
 * for the whole run (a run prints the writes as they finish, under {@code lock}, the progress line's), the summary;
 * or one JSON document. Rendering only: the outcomes come from {@link Apply}.
 */
public final class ApplyReport {
    private final PrintWriter out;
    private final Object lock;
    private final Runnable clearProgress;
    private final Style style;
    private final Redactor redactor;
    private final boolean plan;
    private final List<IntakeRefs.Made> intakes;
    private int wAction;
    private int wScope;
    private int wDataset;
    /** Whether the run printed its lines as they came (then only the summary is left). */
    private volatile boolean streamed;

    /**
     * @param lock          what the progress line is drawn under (stderr)
     * @param clearProgress erases the progress line before a line is printed
     */
    public ApplyReport(PrintWriter out, Object lock, Runnable clearProgress, Style style, Redactor redactor,
                       boolean plan, List<IntakeRefs.Made> intakes, List<Apply.Outcome> outcomes) {
        this.out = out;
        this.lock = lock;
        this.clearProgress = clearProgress;
        this.style = style;
        this.redactor = redactor;
        this.plan = plan;
        this.intakes = intakes;
        for (Apply.Outcome o : outcomes) {
            widen(o.action(), o.scope().describe(), o.dataset());
        }
        intakes.forEach(m -> widen(Apply.Action.CREATE, INTAKE, m.dataset()));
    }

    private static final String INTAKE = "sekoia intake";

    private void widen(Apply.Action action, String where, String dataset) {
        wAction = Math.max(wAction, plan ? action.planWord.length() : longestDoneWord());
        wScope = Math.max(wScope, where.length());
        wDataset = Math.max(wDataset, dataset.length());
    }

    private static int longestDoneWord() {
        int w = 0;
        for (Apply.Action a : Apply.Action.values()) {
            w = Math.max(w, a.doneWord.length());
        }
        return w;
    }

    /** Prints the intakes made and the targets that need no write, before a run sends its writes. */
    public void beforeWrites(List<Apply.Outcome> outcomes) {
        intakes.forEach(m -> line(intakeLine(m)));
        outcomes.stream().filter(o -> !o.write()).forEach(this::print);
    }

    /** Prints a target's outcome now (a write that finished): the progress line is cleared first. */
    public void print(Apply.Outcome o) {
        line(text(o));
    }

    private void line(String text) {
        streamed = true;
        synchronized (lock) {
            clearProgress.run();
            out.print(text);
            out.flush();
        }
    }

    /** The lines not printed yet (all of them for a plan, or a run that wrote nothing), then the summary. */
    public void finish(List<Apply.Outcome> outcomes) {
        if (!streamed) {
            intakes.forEach(m -> out.print(intakeLine(m)));
            outcomes.forEach(o -> out.print(text(o)));
        }
        summary(counts(intakes, outcomes), intakes.isEmpty() && outcomes.isEmpty());
    }

    private String intakeLine(IntakeRefs.Made m) {
        Apply.Action a = Apply.Action.CREATE;
        return style.green(a.symbol) + " " + pad(plan ? a.planWord : a.doneWord, wAction) + "  " + pad(INTAKE, wScope)
                + "  " + pad(m.dataset(), wDataset) + "  intake '" + m.name() + "'" + System.lineSeparator()
                + "      " + m.description() + System.lineSeparator();
    }

    private String text(Apply.Outcome o) {
        String symbol = switch (o.action()) {
            case CREATE -> style.green(o.action().symbol);
            case UPDATE -> style.yellow(o.action().symbol);
            case DELETE, FAILED, UNKNOWN -> style.red(o.action().symbol);
            case UNCHANGED, NOT_DONE -> o.action().symbol;
        };
        boolean failed = o.action() == Apply.Action.FAILED || o.action() == Apply.Action.UNKNOWN;
        String what = failed ? redactor.redact(o.error())
                : (o.jobId() != null ? "job " + o.jobId() : "new job") + (o.jobName() != null ? " (" + o.jobName()
                + ")" : "");
        StringBuilder sb = new StringBuilder(symbol + " " + pad(plan ? o.action().planWord : o.action().doneWord,
                wAction) + "  " + pad(o.scope().describe(), wScope) + "  " + pad(o.dataset(), wDataset) + "  " + what
                + System.lineSeparator());
        if (!failed && o.action() != Apply.Action.UNCHANGED) {
            o.changes().forEach(c -> sb.append("      ").append(redactor.redact(c)).append(System.lineSeparator()));
        }
        return sb.toString();
    }

    private void summary(Map<Apply.Action, Integer> counts, boolean empty) {
        StringBuilder sb = new StringBuilder(plan ? "Plan: " : "Applied: ");
        Apply.Action[] order = {Apply.Action.CREATE, Apply.Action.UPDATE, Apply.Action.UNCHANGED,
            Apply.Action.DELETE, Apply.Action.FAILED};
        for (int i = 0; i < order.length; i++) {
            Apply.Action a = order[i];
            sb.append(i > 0 ? ", " : "").append(counts.getOrDefault(a, 0)).append(' ')
                    .append(plan && a != Apply.Action.UNCHANGED && a != Apply.Action.FAILED ? "to " + a.planWord
                            : a.doneWord);
        }
        int unknown = counts.getOrDefault(Apply.Action.UNKNOWN, 0);
        if (unknown > 0) {
            sb.append(", ").append(unknown).append(" unknown (sent, no answer: run apply --plan to see)");
        }
        int notDone = counts.getOrDefault(Apply.Action.NOT_DONE, 0);
        if (notDone > 0) {
            sb.append(", ").append(notDone).append(" not done (interrupted)");
        }
        out.println((empty ? "" : "\n") + sb + ".");
    }

    /**
     * After the summary, what --wait found: a heading with how many jobs were confirmed, then one line per job
     * waited for, in the order of the targets.
     */
    public void waits(DeliveryWait.Outcome wait, List<Apply.Outcome> outcomes) {
        long counted = wait.results().stream().filter(r -> r.status() != DeliveryWait.Status.SKIPPED).count();
        long confirmed = wait.results().stream().filter(DeliveryWait.Result::confirmed).count();
        StringBuilder sb = new StringBuilder(System.lineSeparator() + "Waited for delivery (--wait "
                + Times.human(wait.limit()) + "): " + confirmed + " of " + counted + " job" + (counted == 1 ? "" : "s")
                + " confirmed" + (wait.stopped() ? " (stopped)" : "") + "." + System.lineSeparator());
        for (Apply.Outcome o : outcomes) {
            if (o.jobId() == null) {
                continue;
            }
            wait.of(o.jobId()).ifPresent(r -> sb.append(WaitReport.line(r, pad(o.scope().describe(), wScope) + "  "
                    + pad(o.dataset(), wDataset) + "  job " + o.jobId(), style, redactor)));
        }
        synchronized (lock) {
            clearProgress.run();
            out.print(sb);
            out.flush();
        }
    }

    /** How many of each action, the intakes made counted as creates. */
    public static Map<Apply.Action, Integer> counts(List<IntakeRefs.Made> intakes, List<Apply.Outcome> outcomes) {
        Map<Apply.Action, Integer> counts = new EnumMap<>(Apply.Action.class);
        outcomes.forEach(o -> counts.merge(o.action(), 1, Integer::sum));
        if (!intakes.isEmpty()) {
            counts.merge(Apply.Action.CREATE, intakes.size(), Integer::sum);
        }
        return counts;
    }

    /** The one JSON document: an array of the intakes made, then the targets; keys masked. */
    public static void json(PrintWriter out, Redactor redactor, boolean plan, List<IntakeRefs.Made> intakes,
                            List<Apply.Outcome> outcomes) {
        json(out, redactor, plan, intakes, outcomes, null);
    }

    /** As above; with --wait ({@code wait} not null), each target waited for carries its {@code wait} object. */
    public static void json(PrintWriter out, Redactor redactor, boolean plan, List<IntakeRefs.Made> intakes,
                            List<Apply.Outcome> outcomes, DeliveryWait.Outcome wait) {
        ArrayNode arr = Json.array();
        for (IntakeRefs.Made m : intakes) {
            ObjectNode n = arr.addObject();
            n.put("scope", "sekoia");
            n.putNull("scope_id");
            n.put("scope_name", m.name());
            n.put("dataset", m.dataset());
            n.put("action", Apply.Action.CREATE.planWord);
            n.put("applied", !plan);
            n.putNull("job_id");
            n.put("name", m.name());
            n.putArray("changes").add(m.description());
        }
        for (Apply.Outcome o : outcomes) {
            ObjectNode n = arr.addObject();
            n.put("scope", o.scope().kind().word());
            n.put("scope_id", o.scope().id());
            n.put("scope_name", o.scope().label());
            n.put("dataset", o.dataset());
            n.put("action", o.action().planWord.replace(' ', '_'));
            Boolean applied = o.applied(plan);
            if (applied == null) {
                n.putNull("applied");
            } else {
                n.put("applied", applied);
            }
            if (o.jobId() != null) {
                n.put("job_id", o.jobId());
            } else {
                n.putNull("job_id");
            }
            n.put("name", o.jobName());
            ArrayNode ch = n.putArray("changes");
            o.changes().forEach(c -> ch.add(redactor.redact(c)));
            if (o.error() != null) {
                n.put("error", redactor.redact(o.error()));
            }
            if (wait != null && o.jobId() != null) {
                wait.of(o.jobId()).ifPresent(r -> n.set("wait", WaitReport.json(r, wait, redactor)));
            }
        }
        Json.print(out, arr);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
