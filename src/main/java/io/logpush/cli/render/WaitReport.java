package io.logpush.cli.render;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.jobs.DeliveryWait;
import io.logpush.model.Redactor;

/**
 * How --wait's findings are shown: one JSON object per job waited for (the {@code wait} of create's, update's and
 * enable's job, and of each apply target), and apply's lines. Rendering only: the judgement is
 * {@link DeliveryWait}'s. No intake key: the intake is named by its name and uuid.
 */
public final class WaitReport {
    private WaitReport() {
    }

    /**
     * {@code {"confirmed": true, "status": "confirmed", "intake": {"name", "uuid"}, "since", "limit_seconds",
     * "after_seconds", "valid_events", "invalid_events", "cloudflare": {…}, "other_jobs": […], "message"}}; an
     * unconfirmed one has {@code "next"}, the command to run, instead of {@code after_seconds}.
     */
    public static ObjectNode json(DeliveryWait.Result r, DeliveryWait.Outcome o, Redactor redactor) {
        ObjectNode n = Json.object();
        n.put("confirmed", r.confirmed());
        n.put("status", r.status().name().toLowerCase(Locale.ROOT));
        if (r.intakeUuid() != null) {
            ObjectNode intake = n.putObject("intake");
            intake.put("name", r.intakeName());
            intake.put("uuid", r.intakeUuid());
        } else {
            n.putNull("intake");
        }
        n.put("since", r.since().toString());
        n.put("limit_seconds", o.limit().getSeconds());
        if (r.confirmed()) {
            n.put("after_seconds", r.after().getSeconds());
        }
        if (r.counted()) {
            n.put("valid_events", r.events());
            n.put("invalid_events", r.invalid());
        } else {
            n.putNull("valid_events");
            n.putNull("invalid_events");
        }
        if (r.uploads() != null) {
            ObjectNode cf = n.putObject("cloudflare");
            cf.put("uploads_succeeded", r.uploads().succeeded());
            cf.put("uploads_failed", r.uploads().failed());
            ObjectNode by = cf.putObject("failed_by_status");
            r.uploads().failedByStatus().forEach((status, count) -> by.put(Integer.toString(status), count));
        } else {
            n.putNull("cloudflare");
        }
        ArrayNode others = n.putArray("other_jobs");
        r.target().otherSenders().forEach(others::add);
        n.put("message", redactor.redact(r.line()));
        if (!r.confirmed() && r.status() != DeliveryWait.Status.SKIPPED) {
            n.put("next", redactor.redact(r.next()));
        }
        return n;
    }

    /** apply's line of one job: a symbol, then {@code what} (scope, dataset, job), then what the wait found. */
    static String line(DeliveryWait.Result r, String what, Style style, Redactor redactor) {
        String symbol = switch (r.status()) {
            case CONFIRMED -> style.green("✓");
            case NOT_CONFIRMED -> style.red("✗");
            case SKIPPED, STOPPED -> "·";
        };
        String found = r.status() == DeliveryWait.Status.STOPPED ? "stopped waiting: delivery not confirmed"
                + (r.seen().isEmpty() ? "" : " (" + r.seen() + ")") : r.line();
        StringBuilder sb = new StringBuilder(symbol + " " + what + ": " + Escape.controls(redactor.redact(found))
                + System.lineSeparator());
        if (r.status() == DeliveryWait.Status.NOT_CONFIRMED) {
            sb.append("      next: ").append(Escape.controls(redactor.redact(r.next()))).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
