package io.logpush.cli.render;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * For a locale without UTF-8 (LANG=C, LC_ALL=POSIX, ISO-8859-1...): the tool's own symbols written in ASCII
 * ({@code ✓} as {@code ok}, {@code ✗} as {@code x}, {@code →} as {@code ->}, {@code …} as {@code ...}), in one place,
 * the output streams, rather than in every message.
 */
public final class AsciiSymbols extends FilterWriter {
    static final Map<Character, String> SYMBOLS = Map.ofEntries(
            Map.entry('✓', "ok"), Map.entry('✗', "x"), Map.entry('→', "->"), Map.entry('…', "..."),
            Map.entry('—', "-"), Map.entry('–', "-"), Map.entry('·', "-"), Map.entry('‘', "'"), Map.entry('’', "'"),
            Map.entry('“', "\""), Map.entry('”', "\""), Map.entry('×', "x"), Map.entry('≥', ">="), Map.entry('≤', "<="),
            Map.entry('⚠', "!"), Map.entry('•', "*"));

    public AsciiSymbols(Writer out) {
        super(out);
    }

    /** {@code text} with the symbols in ASCII. */
    public static String of(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String s = SYMBOLS.get(c);
            if (s != null) {
                sb.append(s);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public void write(int c) throws IOException {
        String s = SYMBOLS.get((char) c);
        if (s != null) {
            out.write(s);
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        out.write(of(new String(buf, off, len)));
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        out.write(of(str.substring(off, off + len)));
    }
}
