package io.logpush.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import io.logpush.model.LogpushException;

/**
 * Reading what a user points the tool at: a file, or standard input for '-'. At most {@code maxBytes} are read
 * (a key file that is /dev/zero or a 3 GB log must not take the memory), a directory or a missing file is a
 * usage error that says so, and a secret file readable by others gets a warning with the fix.
 */
final class Inputs {
    /** The most a secret (an API token, an intake key) may take, with room for stray whitespace. */
    static final int SECRET_MAX_BYTES = 16 * 1024;

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
            try (InputStream in = Files.newInputStream(file)) {
                bytes = readAtMost(in, maxBytes, option, file.toString());
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

    private static void warnIfShared(Context ctx, Path file, String option) {
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
