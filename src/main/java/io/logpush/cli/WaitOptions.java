package io.logpush.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cli.render.WaitReport;
import io.logpush.http.RateLimiter;
import io.logpush.jobs.DeliveryWait;
import io.logpush.model.LogpushException;
import io.logpush.model.Times;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.Option;

/**
 * {@code --wait DURATION} of create, update, enable and apply: after the write, wait until the job's events reach
 * its Sekoia intake ({@link DeliveryWait}). It owns the run's two request budgets, Cloudflare's and Sekoia's, since
 * they are also its stop: on SIGINT or SIGTERM both are stopped, so the wait and any retry end at once, and the
 * command says that the write stands.
 */
public final class WaitOptions {
    @Option(names = "--wait", paramLabel = "DURATION", converter = Converters.PositiveDuration.class,
            description = "After the write (or, with nothing to write, on the job as it is), wait up to DURATION "
                    + "(e.g. " + DeliveryWait.RECOMMENDED + ") until valid events of the job reach its Sekoia intake: "
                    + "exit 0 when they do, 8 when the time runs out (the write stands). Cloudflare takes 10 to 15 "
                    + "minutes after a change and sends only when there is traffic: " + DeliveryWait.RECOMMENDED
                    + " is a good wait. Needs a Sekoia API key. Not --max-wait (the longest wait for the API budget).")
    Duration wait;

    private final RateLimiter cloudflare = Session.cloudflareLimiter();
    private final RateLimiter sekoia = Session.sekoiaLimiter();

    boolean given() {
        return wait != null;
    }

    /**
     * Usage errors, before any request: --wait with a dry run (nothing is written, so nothing can be delivered), or
     * without a Sekoia API key (the events cannot be seen).
     */
    void validate(Context ctx, SekoiaOptions sekoiaOptions, boolean dryRun, String dryRunOption) {
        if (wait == null) {
            return;
        }
        if (dryRun) {
            throw LogpushException.usage("--wait cannot go with " + dryRunOption + ": nothing is written, so there is "
                    + "no delivery to wait for", "drop --wait to see the request, or " + dryRunOption + " to write");
        }
        if (sekoiaOptions.apiKey(ctx) == null) {
            throw LogpushException.usage("--wait needs a Sekoia API key, to see the job's events reach its intake",
                    "set SEKOIA_API_KEY (or --sekoia-api-key-file FILE) to a key that may view intakes and read "
                            + "their telemetry, or drop --wait");
        }
    }

    /** Cloudflare's budget for the run (stopped on a signal during the wait). */
    RateLimiter cloudflareLimiter() {
        return cloudflare;
    }

    /** Sekoia's budget for the run (stopped on a signal during the wait); the wait sleeps on it. */
    RateLimiter sekoiaLimiter() {
        return sekoia;
    }

    /** The Cloudflare session, on this run's budget. */
    Session open(Context ctx, ApiOptions api) {
        return Session.open(ctx, api, cloudflare);
    }

    /** When the wait counts from: now, to the second (an event of the second before counts too). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The first poll interval: {@link DeliveryWait#POLL}, or LOGPUSH_WAIT_POLL_MS (for tests). */
    static Duration poll(Context ctx) {
        String ms = ctx.env("LOGPUSH_WAIT_POLL_MS");
        if (ms != null) {
            try {
                return Duration.ofMillis(Math.max(1, Long.parseLong(ms.trim())));
            } catch (NumberFormatException e) {
                // the default
            }
        }
        return DeliveryWait.POLL;
    }

    /**
     * Waits for {@code targets} since {@code since}, with the progress line on stderr when it is a terminal; a
     * signal stops the wait (the outcome says so) and lets the JVM exit once {@code report} has printed it.
     */
    @SuppressWarnings("try") // the hook is held for the span of the wait, never called in it
    DeliveryWait.Outcome await(Context ctx, SekoiaApi sekoiaApi, Session session, List<DeliveryWait.Target> targets,
                               Instant since, Consumer<DeliveryWait.Outcome> report) {
        try (StopOnSignal signal = StopOnSignal.install(ctx, "wait-stop", this::stop)) {
            Progress progress = new Progress(ctx);
            DeliveryWait.Outcome outcome = new DeliveryWait(DeliveryWait.Source.of(sekoiaApi, session.graphql()),
                    Instant::now, sekoia::sleep, poll(ctx)).progress(progress).run(targets, since, wait);
            progress.clear();
            report.accept(outcome);
            return outcome;
        }
    }

    /** Ends every wait and refuses every new request of the run. */
    void stop() {
        cloudflare.stop();
        sekoia.stop();
    }

    /**
     * The wait of a command that wrote one job (create, update, enable), reported: with -o json, {@code doc} (the
     * job) with a {@code wait} object, as the one document; otherwise the confirmation on stdout, or what was seen
     * and the next command on stderr. {@code done} says what was written ("created job 147"), for a stopped wait.
     * The exit code: 0 confirmed, 8 not, 130 stopped.
     */
    int awaitOne(Context ctx, boolean json, ObjectNode doc, SekoiaApi sekoiaApi, Session session,
                 DeliveryWait.Target target, Instant since, String done, boolean wrote) {
        DeliveryWait.Outcome outcome = await(ctx, sekoiaApi, session, List.of(target), since, o -> {
            DeliveryWait.Result r = o.results().get(0);
            if (json) {
                doc.set("wait", WaitReport.json(r, o, ctx.redactor()));
                Json.print(ctx.out(), doc);
            } else if (r.confirmed()) {
                ctx.out().println(ctx.safe(r.line()));
            }
            if (o.stopped()) {
                ctx.note("logpush: " + done + "; stopped waiting: delivery not confirmed"
                        + (r.seen().isEmpty() ? "" : " (" + r.seen() + ")"));
            } else if (!r.confirmed()) {
                ctx.note("logpush: " + (wrote ? done + ", but delivery not confirmed" : "delivery not confirmed")
                        + (r.problem() == null ? " in " + Times.human(wait) + " (--wait)" : "") + ": " + r.seen());
                ctx.note("hint: " + r.next() + " says why; Cloudflare takes 10 to 15 minutes after a change and "
                        + "sends only when there is traffic");
            }
        });
        if (outcome.stopped()) {
            return ExitCode.INTERRUPTED.code();
        }
        return outcome.results().get(0).confirmed() ? ExitCode.SUCCESS.code() : ExitCode.NOT_CONFIRMED.code();
    }

    /** The progress line on stderr, only when stderr is a terminal. */
    private static final class Progress implements Consumer<DeliveryWait.Progress> {
        private final Context ctx;
        private final boolean on;
        private boolean drawn;

        Progress(Context ctx) {
            this.ctx = ctx;
            this.on = ctx.terminal().stderrTty().getAsBoolean();
        }

        @Override
        public void accept(DeliveryWait.Progress p) {
            if (!on) {
                return;
            }
            ctx.out().flush();
            synchronized (ctx.err()) {
                ctx.err().print("\r\u001b[K" + ctx.safe(p.line()));
                ctx.err().flush();
            }
            drawn = true;
        }

        void clear() {
            if (drawn) {
                synchronized (ctx.err()) {
                    ctx.err().print("\r\u001b[K");
                    ctx.err().flush();
                }
            }
        }
    }
}
