package io.logpush.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

import io.logpush.model.LogpushException;

/**
 * --output-file: a file that a reader (node_exporter's textfile collector, a CI step) sees either as it was or
 * whole, never half-written: the text goes to a hidden temporary file in the same directory (same file system; the
 * collector reads only *.prom; created with the process' umask, as {@code > file} would), flushed to disk, then
 * renamed over the target.
 */
final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {
    }

    /** Bad input caught before any request: the file's directory must exist. */
    static void checkWritable(Path file, String option) {
        Path dir = directory(file);
        if (Files.isDirectory(file)) {
            throw LogpushException.usage(option + " " + file + " is a directory", "give a file name, e.g. "
                    + file.resolve("logpush.prom"));
        }
        if (!Files.isDirectory(dir)) {
            throw LogpushException.usage(option + " " + file + ": directory " + dir + " does not exist",
                    "create it, or give a file in an existing directory");
        }
    }

    static void write(Path file, String text) {
        Path dir = directory(file);
        Path tmp = null;
        try {
            // not Files.createTempFile: its file is private (0600), and the collector runs as another user
            tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw LogpushException.failure("cannot write " + file + ": " + e.getMessage(),
                    "check that the directory exists and is writable");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file stays; it is hidden and not *.prom
                }
            }
        }
    }

    private static Path directory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
