package io.logpush.cli.render;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.logpush.apply.Export;
import io.logpush.model.Redactor;

/**
 * How export shows its result: the apply file as YAML after a header naming the variables to set, and the stderr
 * lines (variables with their keys masked, the jobs left out and why, the scopes that failed). Rendering only: the
 * file's tree comes from {@link Export}.
 */
public final class ExportReport {
    private ExportReport() {
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    /** The file as YAML, after a header of comments naming the variables to set. */
    public static String yaml(Export.Result result, String source) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by 'logpush export' from ").append(source).append(": the existing Sekoia jobs as an\n")
                .append("# apply file (man 5 logpush-apply). 'logpush apply -f FILE --plan' finds nothing to change.\n");
        if (!result.variables().isEmpty()) {
            sb.append("# It holds no intake key: set these variables first (each to its job's key):\n");
            int width = result.variables().stream().mapToInt(v -> v.name().length()).max().orElse(0);
            for (Export.Variable v : result.variables()) {
                sb.append("#   ").append(v.name()).append(" ".repeat(width - v.name().length())).append("  ")
                        .append(v.jobsText()).append('\n');
            }
        }
        try {
            return sb + YAML.writeValueAsString(result.file());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stderr lines: the variables to set (keys masked), the jobs left out and why, the scopes that failed. */
    public static List<String> report(Export.Result result) {
        List<String> lines = new ArrayList<>();
        if (!result.variables().isEmpty()) {
            lines.add("Set " + (result.variables().size() == 1 ? "this variable" : "these variables")
                    + " to the intake key" + (result.variables().size() == 1 ? "" : "s") + " before 'logpush apply':");
            int width = result.variables().stream().mapToInt(v -> v.name().length()).max().orElse(0);
            for (Export.Variable v : result.variables()) {
                lines.add("  " + v.name() + " ".repeat(width - v.name().length()) + "  " + Redactor.mask(v.key())
                        + "  " + v.jobsText());
            }
        }
        result.skipped().forEach(s -> lines.add(s.describe()));
        result.failed().forEach(f -> lines.add(f.scope().describe() + ": not exported: " + f.error()));
        return lines;
    }
}
