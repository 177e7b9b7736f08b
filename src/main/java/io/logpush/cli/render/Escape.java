package io.logpush.cli.render;

/**
 * Text from input made safe for a terminal: control characters (C0 but line feed and tab, DEL, C1) and the
 * bidirectional formatting characters (which reorder what a reader sees, e.g. U+202E) are written as escapes,
 * {@code \x1b} and {@code \u202e}, so an argument or a file cannot set the window title, colour the screen or
 * hide text in an error message.
 */
public final class Escape {
    private Escape() {
    }

    public static String controls(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String esc = escape(c);
            if (esc != null && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    private static String escape(char c) {
        if (c == '\n' || c == '\t') {
            return null;
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x80 && c <= 0x9f) || isBidi(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** LRM, RLM, ALM, the embeddings and overrides (U+202A-202E) and the isolates (U+2066-2069). */
    private static boolean isBidi(char c) {
        return c == '\u200e' || c == '\u200f' || c == '\u061c' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
