package io.logpush.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.CloudflareException;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;

/**
 * What a failed destination test means. Cloudflare test-uploads to an HTTPS destination when a job is created
 * and on every PUT (enable, disable and update too), so a job whose intake refuses uploads cannot be changed at
 * all until its destination works again; only DELETE goes through (terraform-provider-cloudflare 87243a1d0).
 */
public final class DestinationErrors {
    private DestinationErrors() {
    }

    /** Whether a job's error_message is a failed destination test or upload. */
    public static boolean isDestinationError(String errorMessage) {
        String m = errorMessage == null ? "" : errorMessage.toLowerCase(Locale.ROOT);
        return m.contains("error validating destination") || m.contains("error uploading")
                || m.contains("error writing object");
    }

    /** The way out for an existing job: repair its destination, or delete it. */
    public static String wayOut(Scope scope, long id) {
        return "repair the destination with 'logpush update " + id + " " + scope.args()
                + " --intake-key-file NEW_KEY_FILE' (Cloudflare tests the new one), or remove the job with "
                + "'logpush delete " + id + " " + scope.args() + "'";
    }

    static LogpushException onUpdate(CloudflareException e, Scope scope, long id, boolean logpull) {
        if (!e.destinationRefused()) {
            return e;
        }
        return new LogpushException(e.kind(), e.getMessage(), "Cloudflare test-uploads to the destination on every "
                + "change to a job (enable and disable too), and job " + id + "'s intake refused it (deleted intake, "
                + "revoked key or wrong region): until it accepts uploads, only delete goes through; "
                + wayOut(scope, id) + (logpull ? "; or move the job to output_options with 'logpush update " + id
                + " " + scope.args() + " --output-options', which some push receivers need" : ""));
    }

    static LogpushException onCreate(CloudflareException e, ObjectNode body) {
        if (!e.destinationRefused()) {
            return e;
        }
        String destination = body.path("destination_conf").asText();
        StringBuilder hint = new StringBuilder("Cloudflare test-uploads to the intake before it saves a job, and the "
                + "intake refused it: check the intake key and the region (--region or --intake-url)");
        otherBases(destination).ifPresent(hint::append);
        if (body.has("logpull_options")) {
            hint.append("; or try --output-options (a job on logpull_options may get a validation that push "
                    + "receivers fail)");
        }
        return new LogpushException(e.kind(), e.getMessage(), hint.toString());
    }

    /** "; Sekoia also documents … for sgp1: --intake-url …" when the destination's region has other bases. */
    static Optional<String> otherBases(String destination) {
        String base = Destination.base(destination);
        return Catalog.get().regionOf(destination).map(r -> {
            List<String> others = r.bases().stream().filter(b -> !b.equals(base)).toList();
            return others.isEmpty() ? null : "; Sekoia documents other intake addresses for " + r.name() + ": "
                    + String.join(" or ", others.stream().map(b -> "--intake-url " + b).toList());
        });
    }
}
