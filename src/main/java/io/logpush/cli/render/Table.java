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

    public void print(PrintWriter out, boolean tty, Style style) {
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
                widths[i] = Math.max(widths[i], r[i] == null ? 0 : r[i].text().codePointCount(0, r[i].text().length()));
            }
        }
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < headers.length; i++) {
            head.append(style.bold(headers[i]));
            if (i < headers.length - 1) {
                head.append(" ".repeat(widths[i] - headers[i].length() + 2));
            }
        }
        out.println(head);
        for (Cell[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String text = r[i] == null ? "" : r[i].text();
                sb.append(r[i] == null ? "" : r[i].paint().apply(text));
                if (i < r.length - 1) {
                    sb.append(" ".repeat(widths[i] - text.codePointCount(0, text.length()) + 2));
                }
            }
            out.println(sb);
        }
    }
}
