package io.logpush.cli.render;

/** ANSI styling, on only when the context allows colour. */
public record Style(boolean on) {
    public String bold(String s) {
        return wrap("1", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    private String wrap(String code, String s) {
        return on && s != null && !s.isEmpty() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
