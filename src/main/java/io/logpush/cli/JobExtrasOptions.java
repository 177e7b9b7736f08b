package io.logpush.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.jobs.JobSurface;
import io.logpush.jobs.SekoiaFormatGuard;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import picocli.CommandLine.Option;

/** The job properties beyond Sekoia's needs that a user may set: more output_options keys, filter_attack_traffic. */
public final class JobExtrasOptions {
    @Option(names = "--output-option", paramLabel = "KEY=VALUE",
            description = "An output_options key (repeatable): CVE-2021-44228, sample_rate, output_type, "
                    + "record_template, record_prefix, record_suffix, record_delimiter, batch_prefix, batch_suffix, "
                    + "field_delimiter, merge_subrequests ('\\n' for a newline). The job then uses output_options. What Sekoia's parsers "
                    + "could not read (not plain NDJSON) is refused without --force.")
    Map<String, String> outputOptions;

    @Option(names = "--filter-attack-traffic", negatable = true,
            description = "Cloudflare's filter_attack_traffic, for http_requests and firewall_events (Cloudflare also "
                    + "offers it for network_analytics_logs, which Sekoia does not read): leave attack traffic out.")
    Boolean filterAttackTraffic;

    /** The output_options fragment, checked and guarded, or null when none was given. */
    ObjectNode outputExtras(Context ctx, String dataset, Scope.Kind scope, boolean force) {
        if (filterAttackTraffic != null) {
            JobSurface.requireAttackFilter(dataset, "--filter-attack-traffic");
        }
        if (Boolean.TRUE.equals(filterAttackTraffic) && "firewall_events".equals(dataset)) {
            ctx.warn("--filter-attack-traffic leaves attack traffic out of firewall_events, which is what Sekoia is "
                    + "there to see");
        }
        if (outputOptions == null) {
            return null;
        }
        ObjectNode extras = JobSurface.outputOptions(outputOptions, dataset, scope, "--output-option");
        List<SekoiaFormatGuard.Finding> findings = SekoiaFormatGuard.outputOptions(dataset, extras);
        for (SekoiaFormatGuard.Finding f : findings) {
            if (f.breaks() && !force) {
                throw LogpushException.usage(f.message(), "drop that --output-option, or add --force to send it anyway");
            }
            ctx.warn(f.message());
        }
        return extras;
    }
}
