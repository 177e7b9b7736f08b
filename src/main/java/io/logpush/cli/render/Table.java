package io.logpush.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A table: aligned columns with a header on a terminal; on a pipe, tab-separated values without header
 * or colour, so that cut and awk work.
 */
public final class Table {
    private record Cell(String text, UnaryOperator<String> paint) {
    }

    private final String[] headers;
    private final List<Cell[]> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = headers;
    }

    /** Starts a row; fill it with {@link Row#cell}. */
    public Row row() {
        Cell[] cells = new Cell[headers.length];
        rows.add(cells);
        return new Row(cells);
    }

    public final class Row {
        private final Cell[] cells;
        private int next;

        private Row(Cell[] cells) {
            this.cells = cells;
        }

        public Row cell(Object value) {
            return cell(value, UnaryOperator.identity());
        }

        public Row cell(Object value, UnaryOperator<String> paint) {
            // "-" (no value) is never painted: a red dash in LAST ERROR would read as an error
            String text = value == null ? "-" : value.toString();
            cells[next++] = new Cell(text.replaceAll("[\\t\\r\\n]+", " "), value == null ? UnaryOperator.identity()
                    : paint);
            return this;
        }
    }

    /** Prints the table; on a terminal, without a width limit. */
    public void print(PrintWriter out, boolean tty, Style style) {
        print(out, tty, style, 0);
    }

    /**
     * Prints the table. On a terminal of {@code columns} columns (0: unknown), the widest columns are narrowed until
     * each line fits, and a cell cut short ends with {@code …}; on a pipe nothing is ever cut.
     */
    public void print(PrintWriter out, boolean tty, Style style, int columns) {
        if (!tty) {
            for (Cell[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    if (i > 0) {
                        sb.append('\t');
                    }
                    sb.append(r[i] == null ? "" : r[i].text());
                }
                out.println(sb);
            }
            return;
        }
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (Cell[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i] == null ? 0 : length(r[i].text()));
            }
        }
        fit(widths, columns);
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < headers.length; i++) {
            String h = cut(headers[i], widths[i]);
            head.append(style.bold(h));
            if (i < headers.length - 1) {
                head.append(" ".repeat(widths[i] - length(h) + GAP));
            }
        }
        out.println(head);
        for (Cell[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String text = r[i] == null ? "" : cut(r[i].text(), widths[i]);
                sb.append(r[i] == null ? "" : r[i].paint().apply(text));
                if (i < r.length - 1) {
                    sb.append(" ".repeat(widths[i] - length(text) + GAP));
                }
            }
            out.println(sb);
        }
    }

    /** Spaces between columns. */
    static final int GAP = 2;
    /** No column is narrowed below this (or its natural width, when smaller). */
    static final int MIN_WIDTH = 8;

    /** Narrows the widest column, one character at a time, until a line fits {@code columns} (0: no limit). */
    static void fit(int[] widths, int columns) {
        if (columns <= 0) {
            return;
        }
        int total = GAP * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        while (total > columns) {
            int widest = 0;
            for (int i = 1; i < widths.length; i++) {
                if (widths[i] > widths[widest]) {
                    widest = i;
                }
            }
            if (widths[widest] <= MIN_WIDTH) {
                return; // as narrow as columns go: the line wraps
            }
            widths[widest]--;
            total--;
        }
    }

    /** {@code text} in at most {@code width} code points, ending with … when cut. */
    public static String cut(String text, int width) {
        if (length(text) <= width) {
            return text;
        }
        if (width <= 0) {
            return "";
        }
        return text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
