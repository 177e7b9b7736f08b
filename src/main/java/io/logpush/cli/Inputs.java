package io.logpush.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.logpush.model.LogpushException;
import io.logpush.model.Times;

/**
 * Reading what a user points the tool at: a file, or standard input for '-'. At most {@code maxBytes} are read
 * (a key file that is /dev/zero or a 3 GB log must not take the memory), a directory or a missing file is a
 * usage error that says so, and a secret file readable by others gets a warning with the fix.
 */
final class Inputs {
    /** The most a secret (an API token, an intake key) may take, with room for stray whitespace. */
    static final int SECRET_MAX_BYTES = 16 * 1024;
    /** How long a named pipe may take to give a secret or a file before the read ends with an error. */
    static final Duration PIPE_WAIT = Duration.ofSeconds(10);

    private Inputs() {
    }

    /** A secret from FILE or '-', trimmed, without a UTF-8 byte-order mark; never echoed. */
    static String secret(Context ctx, Path file, String option) {
        String text = read(ctx, file, option, SECRET_MAX_BYTES);
        if (!isStdin(file)) {
            warnIfShared(ctx, file, option);
        }
        return text.strip();
    }

    /** The text of FILE or of standard input for '-', at most {@code maxBytes} bytes, without a byte-order mark. */
    static String read(Context ctx, Path file, String option, int maxBytes) {
        byte[] bytes;
        if (isStdin(file)) {
            bytes = readAtMost(ctx.terminal().in(), maxBytes, option, "standard input");
        } else {
            if (Files.isDirectory(file)) {
                throw LogpushException.usage("cannot read " + option + " " + file + ": it is a directory",
                        "give the path of a file");
            }
            try {
                bytes = Files.isRegularFile(file) ? readFile(file, maxBytes, option)
                        : readPipe(file, maxBytes, option, waitLimit(ctx));
            } catch (NoSuchFileException e) {
                throw LogpushException.usage("cannot read " + option + " " + file + ": no such file", null);
            } catch (AccessDeniedException e) {
                throw LogpushException.usage("cannot read " + option + " " + file + ": permission denied", null);
            } catch (IOException e) {
                throw LogpushException.usage("cannot read " + option + " " + file + ": " + e.getClass().getSimpleName(),
                        null);
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** How long a pipe or device may take to give its text: 10 s, or LOGPUSH_INPUT_TIMEOUT_MS (for tests). */
    static Duration waitLimit(Context ctx) {
        String ms = ctx.env("LOGPUSH_INPUT_TIMEOUT_MS");
        if (ms != null) {
            try {
                return Duration.ofMillis(Math.max(1, Long.parseLong(ms.trim())));
            } catch (NumberFormatException e) {
                // the default
            }
        }
        return PIPE_WAIT;
    }

    private static byte[] readFile(Path file, int maxBytes, String option) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readAtMost(in, maxBytes, option, file.toString());
        }
    }

    /**
     * A named pipe ({@code <(pass show x)}, a FIFO) or a device: read on a helper thread, since opening a FIFO with no
     * writer blocks for ever; when nothing has come after {@code limit}, an error naming the file (the thread, blocked
     * in the kernel, is a daemon and ends with the process).
     */
    private static byte[] readPipe(Path file, int maxBytes, String option, Duration limit) throws IOException {
        FutureTask<byte[]> read = new FutureTask<>(() -> readFile(file, maxBytes, option));
        Thread t = new Thread(read, "read " + option);
        t.setDaemon(true);
        t.start();
        try {
            return read.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            throw LogpushException.usage("cannot read " + option + " " + file + ": nothing came from it in "
                    + Times.human(limit) + " (a pipe with no writer?)",
                    "check that the command feeding it runs, or give a regular file or '-' for standard input");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** {@code text} as one shell word: as it is when it needs no quoting, else in single quotes. */
    static String shellQuote(String text) {
        return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    static boolean isStdin(Path file) {
        return file.toString().equals("-");
    }

    private static byte[] readAtMost(InputStream in, int maxBytes, String option, String what) {
        try {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw LogpushException.usage(option + ": " + what + " is larger than " + String.format("%,d", maxBytes)
                        + " bytes", "check the path: it should hold " + (maxBytes == SECRET_MAX_BYTES
                        ? "only the secret" : "the file you meant"));
            }
            return bytes;
        } catch (IOException e) {
            throw LogpushException.usage("cannot read " + option + " " + what + ": " + e.getClass().getSimpleName(),
                    null);
        }
    }

    /** Only a regular file has permissions worth fixing (not /dev/null, a pipe or a device). */
    private static void warnIfShared(Context ctx, Path file, String option) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                ctx.warn(option + " " + file + " is readable by group or others; fix it with: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException notPosix) {
            // Windows ACLs, or /dev/stdin-like files: not checked
        }
    }
}
