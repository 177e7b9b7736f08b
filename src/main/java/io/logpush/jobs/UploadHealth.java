package io.logpush.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import io.logpush.cloudflare.GraphqlApi;
import io.logpush.cloudflare.GraphqlApi.Row;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;

/**
 * check's {@code uploads} line: a job's upload history over the window, judged. An upload is one attempt;
 * success=0 final=0 failed and will be retried; success=0 final=1 dropped its batch for good (the records are lost).
 * Failing now (every upload since some time failed) leads the line: Cloudflare disables a job after 24 h of failure.
 * Pure: the rows come from {@link GraphqlApi}.
 */
public final class UploadHealth {
    /** Cloudflare disables a job after this long of failed uploads. */
    public static final Duration DISABLE_AFTER = Duration.ofHours(24);
    /** Failed attempts under this share of all attempts, all retried, are only worth knowing. */
    public static final double RETRY_WARNING = 0.01;

    private UploadHealth() {
    }

    /** The line of {@code job} from its rows among {@code rows} (other jobs' are ignored). */
    public static Check judge(Scope scope, Job job, List<Row> rows, boolean full, Duration window, Instant now) {
        return judge(scope, job, rows, full, window, false, now);
    }

    /** As above; {@code shortened}: Cloudflare keeps only {@code window} of history, less than --window. */
    public static Check judge(Scope scope, Job job, List<Row> rows, boolean full, Duration window, boolean shortened,
                              Instant now) {
        List<Row> mine = rows.stream().filter(r -> r.jobId() == job.id()).toList();
        String name = JobHealth.label(job) + " uploads";
        String in = "in " + span(window) + (shortened ? " (the window was shortened: Cloudflare keeps no more for "
                + "this plan)" : "") + (full ? " (only the most recent part: the answer was full)" : "");
        long attempts = mine.stream().mapToLong(Row::uploads).sum();
        if (attempts == 0) {
            return Check.info(CheckId.UPLOADS, name, "no uploads " + in
                    + (job.enabled() ? "" : " (the job is disabled)"), null).forJob(job);
        }
        long failed = mine.stream().filter(r -> !r.success()).mapToLong(Row::uploads).sum();
        long delivered = mine.stream().filter(Row::success).mapToLong(Row::records).sum();
        Map<Integer, Long> lostByStatus = byStatus(mine.stream().filter(r -> !r.success() && r.last()).toList(),
                Row::records);
        long lost = lostByStatus.values().stream().mapToLong(Long::longValue).sum();
        long droppedBatches = mine.stream().filter(r -> !r.success() && r.last()).mapToLong(Row::uploads).sum();
        Instant failingSince = failingSince(mine);
        Check check;
        if (failingSince != null || droppedBatches > 0) {
            List<String> parts = new ArrayList<>();
            Integer cause = null;
            if (failingSince != null) {
                Duration failing = shown(Duration.between(failingSince, now));
                Duration left = DISABLE_AFTER.minus(failing);
                // Failing since the window's first five minutes: it may have begun before the window.
                boolean whole = !failingSince.isAfter(now.minus(window).plus(Duration.ofMinutes(5)));
                parts.add("failing for " + (whole ? "at least " : "") + JobHealth.ago(failing)
                        + "; Cloudflare disables a job after 24 h of failure ("
                        + (left.isNegative() || left.isZero() ? "it may be disabled at any moment"
                        : "about " + JobHealth.ago(left) + " left") + ")");
                cause = top(byStatus(mine.stream().filter(r -> !r.success() && r.at() != null
                        && !r.at().isBefore(failingSince)).toList(), Row::uploads));
                if (lost == 0) {
                    parts.add(statuses(byStatus(mine.stream().filter(r -> !r.success()).toList(), Row::uploads),
                            "failed uploads"));
                }
            }
            if (droppedBatches > 0) {
                parts.add(number(lost) + " records lost " + in + " (" + statuses(lostByStatus, null) + ")");
                if (cause == null) {
                    cause = top(lostByStatus);
                }
            }
            check = Check.failure(CheckId.UPLOADS, name, String.join("; ", parts), fix(scope, job, cause))
                    .forJob(job);
        } else if (failed > 0 && failed >= RETRY_WARNING * attempts) {
            Map<Integer, Long> byStatus = byStatus(mine.stream().filter(r -> !r.success()).toList(), Row::uploads);
            check = Check.warning(CheckId.UPLOADS, name, number(failed) + " of " + number(attempts)
                    + " uploads failed " + in + " and were retried (" + statuses(byStatus, null) + "); "
                    + number(delivered) + " records delivered", fix(scope, job, top(byStatus))).forJob(job);
        } else if (failed > 0) {
            check = Check.info(CheckId.UPLOADS, name, number(attempts) + " uploads, " + number(delivered)
                    + " records delivered " + in + "; " + number(failed) + " failed attempts (under 1 %) were "
                    + "retried successfully", null).forJob(job);
        } else {
            check = Check.ok(CheckId.UPLOADS, name, number(attempts) + " uploads, " + number(delivered)
                    + " records delivered " + in).forJob(job);
        }
        return check.with(Measure.UPLOADS, attempts).with(Measure.UPLOADS_FAILED, failed)
                .with(Measure.RECORDS_DELIVERED, delivered).with(Measure.RECORDS_LOST, lost);
    }

    /** The line when the history cannot be read: a warning, naming the permission when that is why. */
    public static Check unreadable(Job job, LogpushException e) {
        return cannotRead(CheckId.UPLOADS, JobHealth.label(job) + " uploads", "cannot check the upload history", e)
                .forJob(job);
    }

    /**
     * The one rule for a check that needs Cloudflare's upload history ({@code uploads}, {@code reconcile}) when it
     * cannot be read: an optional check, so a warning; naming {@value GraphqlApi#PERMISSION} when the token lacks
     * it, else what Cloudflare answered, with its hint.
     */
    static Check cannotRead(CheckId id, String name, String cannot, LogpushException e) {
        if (e.kind() == LogpushException.Kind.AUTH) {
            return Check.warning(id, name, cannot + ": the token cannot read Cloudflare's GraphQL Analytics (needs "
                    + GraphqlApi.PERMISSION + ")", "add '" + GraphqlApi.PERMISSION + "' to the token to check "
                    + "uploads between runs");
        }
        return Check.warning(id, name, cannot + ": " + e.getMessage(), e.hint());
    }

    /**
     * When the failing began: walking back from the newest five minutes, the start of the oldest bucket of the run
     * of buckets with failures and no success; null when the newest bucket had a success (or no time is known).
     */
    static Instant failingSince(List<Row> rows) {
        TreeMap<Instant, boolean[]> buckets = new TreeMap<>(Comparator.reverseOrder());
        for (Row r : rows) {
            if (r.at() == null || r.uploads() == 0) {
                continue;
            }
            boolean[] b = buckets.computeIfAbsent(r.at(), t -> new boolean[2]);
            b[r.success() ? 0 : 1] = true;
        }
        Instant since = null;
        for (Map.Entry<Instant, boolean[]> e : buckets.entrySet()) {
            if (e.getValue()[0]) {
                break;
            }
            since = e.getKey();
        }
        return since;
    }

    private static Map<Integer, Long> byStatus(List<Row> rows, ToLongFunction<Row> value) {
        Map<Integer, Long> out = rows.stream().collect(Collectors.groupingBy(Row::status, TreeMap::new,
                Collectors.summingLong(value)));
        return out.entrySet().stream().sorted(Map.Entry.<Integer, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static Integer top(Map<Integer, Long> byStatus) {
        return byStatus.isEmpty() ? null : byStatus.keySet().iterator().next();
    }

    /** "413 Payload Too Large" alone, else "1105 DNS resolution failed: 8; 503 Service Unavailable: 4". */
    private static String statuses(Map<Integer, Long> byStatus, String unit) {
        if (byStatus.size() == 1 && unit == null) {
            return meaning(byStatus.keySet().iterator().next());
        }
        return (unit == null ? "" : unit + ": ") + byStatus.entrySet().stream()
                .map(e -> meaning(e.getKey()) + ": " + number(e.getValue())).collect(Collectors.joining("; "));
    }

    /** A status as people read it: the destination's HTTP status by name, or Cloudflare's own code. */
    public static String meaning(int status) {
        String name = switch (status) {
            case 1102 -> "connection timeout";
            case 1105 -> "DNS resolution failed";
            case 1106 -> "timeout (TLS handshake or no progress)";
            case 1101, 1103, 1104, 1107, 1108, 1201 -> "Cloudflare delivery error " + status;
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> null;
        };
        if (name == null) {
            return (status >= 100 && status < 600 ? "HTTP " : "status ") + status;
        }
        return name.startsWith("Cloudflare delivery error") ? name : status + " " + name;
    }

    /** The fix for a cause where one is known, else null. */
    static String fix(Scope scope, Job job, Integer status) {
        if (status == null) {
            return null;
        }
        String where = scope == null ? "" : " " + scope.args();
        return switch (status) {
            case 413 -> "send smaller batches: logpush update " + job.id() + where + " --max-upload-bytes 5000000";
            case 401, 403 -> "the intake key is refused: check it in Sekoia, then logpush update " + job.id() + where
                    + " --intake-key-file FILE";
            case 1105 -> "the intake host does not resolve: check the job's destination (logpush get " + job.id()
                    + where + ")";
            default -> null;
        };
    }

    /** A duration as {@link JobHealth#ago} shows it (whole minutes under 2 h, else whole hours). */
    private static Duration shown(Duration d) {
        return d.compareTo(Duration.ofHours(2)) < 0 ? Duration.ofMinutes(d.toMinutes()) : Duration.ofHours(d.toHours());
    }

    /** "24 h", "90 min", "2 d". */
    public static String span(Duration d) {
        return JobHealth.ago(d);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
