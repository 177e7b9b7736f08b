package io.logpush.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.logpush.model.Job;
import io.logpush.model.JobOptions;
import io.logpush.model.Redactor;
import io.logpush.model.Times;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;

/**
 * Judges one Logpush job that feeds Sekoia: enabled, delivering, to a known intake, with the timestamp
 * format and the fields Sekoia's parser expects. Pure: the facts come in, the checks go out.
 *
 * @param scopeArgs the scope as command-line options, for the fix commands ("--zone example.com")
 */
public record JobHealth(String scopeArgs, Duration maxAge, Instant now) {

    public List<Check> judge(Job job, Map<String, String> offeredFields) {
        List<Check> out = new ArrayList<>();
        String who = label(job);
        Optional<Catalog.Dataset> ds = Catalog.get().dataset(job.dataset());

        out.add(job.enabled() ? Check.ok(who + " enabled", "Cloudflare is sending its logs")
                : Check.failure(who + " enabled", "the job is disabled: nothing is sent to Sekoia",
                        "logpush enable " + job.id() + " " + scopeArgs));
        out.add(delivery(who, job));
        out.add(destination(who, job));
        if (ds.isEmpty()) {
            out.add(Check.warning(who + " dataset", "Sekoia has no intake for dataset " + job.dataset(),
                    "'logpush datasets' lists the datasets Sekoia reads"));
        } else {
            out.add(timestamps(who, job, ds.get()));
            Check fields = fields(who, job, ds.get(), offeredFields);
            if (fields != null) {
                out.add(fields);
            }
        }
        return out.stream().map(c -> c.forJob(job.id())).toList();
    }

    private Check delivery(String who, Job job) {
        Instant complete = Times.instant(job.lastComplete());
        Instant error = Times.instant(job.lastError());
        boolean failing = (job.errorMessage() != null || error != null)
                && (complete == null || error == null || error.isAfter(complete));
        if (failing) {
            return Check.failure(who + " delivery", "Cloudflare reports a failing delivery"
                            + (job.errorMessage() != null ? ": " + Destination.mask(job.errorMessage()) : "")
                            + (error != null ? " (last error " + job.lastError() + ")" : ""),
                    "check the intake key and region; rotate with 'logpush update " + job.id() + " " + scopeArgs
                            + " --intake-key-file FILE', and run 'logpush check --validate-destination'");
        }
        if (complete == null) {
            return job.enabled()
                    ? Check.warning(who + " delivery", "no batch delivered yet (Cloudflare takes 10–15 minutes after "
                            + "a change, and sends only when there are events)", null)
                    : Check.warning(who + " delivery", "no batch delivered", null);
        }
        Duration age = Duration.between(complete, now);
        if (age.compareTo(maxAge) > 0) {
            return Check.warning(who + " delivery", "last batch delivered " + ago(age) + " ago (" + job.lastComplete()
                    + "), longer than the maximum age of " + ago(maxAge),
                    "if the zone has traffic, check the job with 'logpush get " + job.id() + " " + scopeArgs + "'");
        }
        return Check.ok(who + " delivery", "last batch delivered " + ago(age) + " ago");
    }

    private Check destination(String who, Job job) {
        String d = job.destinationConf();
        Optional<Catalog.Region> region = Catalog.get().regionOf(d);
        if (region.isPresent() && Destination.intakeKey(d).isPresent()) {
            return Check.ok(who + " destination", Destination.host(d) + " (Sekoia region " + region.get().name()
                    + "), key " + Redactor.mask(Destination.intakeKey(d).get()));
        }
        if (Destination.intakeKey(d).isEmpty()) {
            return Check.failure(who + " destination", "the destination carries no Sekoia intake key",
                    "logpush update " + job.id() + " " + scopeArgs + " --intake-key-file FILE");
        }
        return Check.warning(who + " destination", Destination.host(d) + " is not a known Sekoia intake host",
                "if it is not a proxy of yours: logpush update " + job.id() + " " + scopeArgs + " --region REGION");
    }

    private Check timestamps(String who, Job job, Catalog.Dataset ds) {
        String have = JobOptions.effectiveTimestamps(job);
        if (have.equals(ds.timestamps())) {
            return Check.ok(who + " timestamps", have + ", as Sekoia's " + ds.name() + " parser reads");
        }
        return Check.failure(who + " timestamps", have + ", but Sekoia's " + ds.name() + " parser reads "
                        + ds.timestamps() + ": events are dated wrongly",
                "logpush update " + job.id() + " " + scopeArgs + " --timestamps " + ds.timestamps());
    }

    private Check fields(String who, Job job, Catalog.Dataset ds, Map<String, String> offered) {
        List<String> sent = JobOptions.fields(job);
        if (sent.isEmpty()) {
            return null;
        }
        Set<String> missing = new LinkedHashSet<>(ds.parserFields());
        sent.forEach(missing::remove);
        if (offered != null) {
            missing.retainAll(offered.keySet());
        }
        if (missing.isEmpty()) {
            return Check.ok(who + " fields", sent.size() + " fields, all that Sekoia's parser maps"
                    + (offered == null ? "" : " among those offered"));
        }
        return Check.warning(who + " fields", "Sekoia's parser maps " + String.join(", ", missing)
                        + ", which the job does not send",
                "logpush update " + job.id() + " " + scopeArgs + " --fields all");
    }

    /** "job 147 (sekoia-firewall-events, firewall_events)": how a check names a job. */
    public static String label(Job job) {
        return "job " + job.id() + " (" + job.displayName() + ", " + job.dataset() + ")";
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " d";
    }
}
