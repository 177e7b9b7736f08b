package io.logpush.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Cloudflare side's view of what its jobs uploaded, over time, from the delivery segments ({@link SekoiaDelivery})
 * and the intakes' refusals ({@link SekoiaState#pieces}): the upload history {@link GraphqlSide} answers, a job's
 * health as Cloudflare reports it ({@code last_complete}; {@code last_error} and {@code error_message} while it is
 * failing, null again after a success), and Cloudflare's rule that a job failing for {@link #DISABLE_AFTER} is
 * disabled. The caller holds the sandbox's lock.
 */
final class Uploads {
    /** Cloudflare disables a job whose uploads have failed this long (cloudflare-docs PR #32514). */
    static final Duration DISABLE_AFTER = Duration.ofHours(24);

    private final SandboxState state;

    Uploads(SandboxState state) {
        this.state = state;
    }

    /** A job ("scope/id") disabled by Cloudflare's rule, and when. */
    record Disabled(String scope, long id, long at) {
    }

    /** What the job ("scope/id") sent up to {@code now}, in pieces, oldest first (none before its first batch). */
    List<SekoiaState.Piece> of(String job, long now) {
        List<SekoiaState.Piece> out = new ArrayList<>();
        for (SekoiaState.Segment s : state.sekoia.segments) {
            if (s.job.equals(job)) {
                out.addAll(state.sekoia.pieces(s.key, s.deliverFrom, Math.min(s.end, now)));
            }
        }
        out.sort(Comparator.comparingLong(SekoiaState.Piece::from));
        return out;
    }

    /**
     * Sets the job's health as Cloudflare reports it now, from what it sent: {@code last_complete} at the end of its
     * last accepted upload; while its last uploads fail, {@code last_error} at the last of them and
     * {@code error_message}; both null again after a success. False when the job has sent nothing yet (no first
     * batch, or a destination without an intake key): the caller keeps its own rule.
     */
    boolean health(ObjectNode job, String key, long now) {
        List<SekoiaState.Piece> pieces = of(key, now);
        if (pieces.isEmpty()) {
            return false;
        }
        for (int i = pieces.size() - 1; i >= 0; i--) {
            if (pieces.get(i).accepted()) {
                job.put("last_complete", time(pieces.get(i).to()));
                break;
            }
        }
        SekoiaState.Piece last = pieces.get(pieces.size() - 1);
        if (last.accepted()) {
            job.putNull("last_error");
            job.putNull("error_message");
        } else {
            job.put("last_error", time(last.to()));
            job.put("error_message", message(last.status()));
        }
        return true;
    }

    /** Cloudflare's message for a failing upload (it names the failure, never the key). */
    static String message(int status) {
        return "error uploading to destination: " + (status >= 1000 ? "Cloudflare delivery error " + status
                : "the destination answered HTTP " + status);
    }

    /**
     * Cloudflare's rule: an enabled job whose uploads have all failed for {@link #DISABLE_AFTER} is disabled at that
     * moment (its segment ends there, so it sends nothing after). Called before every answer and after the clock
     * advances; returns the jobs it disabled.
     */
    List<Disabled> disableFailing(long now) {
        List<Disabled> out = new ArrayList<>();
        if (state.sekoia.running.isEmpty()) {
            return out;
        }
        Set<String> known = new HashSet<>();
        state.sekoia.intakes.forEach(i -> known.add(i.intakeKey()));
        for (Map.Entry<String, SekoiaState.Segment> e : List.copyOf(state.sekoia.running.entrySet())) {
            SekoiaState.Segment s = e.getValue();
            boolean refusedNow = known.contains(s.key) ? state.sekoia.refusal(s.key, now) != null : !known.isEmpty();
            if (!refusedNow || s.deliverFrom >= now) {
                continue;
            }
            Long since = failingSince(of(e.getKey(), now), now);
            if (since == null || now - since < DISABLE_AFTER.toMillis()) {
                continue;
            }
            int slash = e.getKey().lastIndexOf('/');
            String scope = e.getKey().substring(0, slash);
            long id = Long.parseLong(e.getKey().substring(slash + 1));
            ObjectNode job = state.job(scope, id);
            long at = since + DISABLE_AFTER.toMillis();
            s.end = at;
            state.sekoia.running.remove(e.getKey());
            if (job != null) {
                job.put("enabled", false);
                state.enabledAt.remove(id);
                health(job, e.getKey(), now);
            }
            out.add(new Disabled(scope, id, at));
        }
        return out;
    }

    /** The start of the run of failed uploads that reaches {@code now}, or null when the last one succeeded. */
    static Long failingSince(List<SekoiaState.Piece> pieces, long now) {
        Long since = null;
        long next = now;
        for (int i = pieces.size() - 1; i >= 0; i--) {
            SekoiaState.Piece p = pieces.get(i);
            if (p.accepted() || p.to() != next) {
                break;
            }
            since = p.from();
            next = p.from();
        }
        return since;
    }

    static String time(long ms) {
        return Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
