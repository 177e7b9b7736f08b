package io.logpush.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A registry of HTTP stubs keyed by method and path, as MockWebServer's dispatcher (gh's httpmock is the model):
 * a request that no stub expects is answered 599 and reported by {@link #verify()}, and so is a stub never used.
 * A stub answers its responses in order and repeats the last one; the order in which a command sends its
 * requests matters only where a test says so, so adding one read to a command breaks only the tests about it.
 */
public final class HttpStubs extends Dispatcher {
    private final String prefix;
    private final List<Stub> stubs = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();

    /** @param prefix the API base path that requests carry and stubs leave out, such as "/client/v4" */
    public HttpStubs(String prefix) {
        this.prefix = prefix;
    }

    /** One expected request: a method and a path, with the query when the stub names one. */
    public final class Stub {
        final String method;
        final String path;
        final Deque<MockResponse> responses = new ArrayDeque<>();
        int calls;

        Stub(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** Adds a response; after the last one, the last repeats. */
        public Stub reply(MockResponse response) {
            responses.add(response);
            return this;
        }

        /** Adds a JSON response with Cloudflare's headers. */
        public Stub reply(int code, String body) {
            return reply(json(code, body));
        }

        /** Adds {@code {"success":true,…,"result":RESULT}}. */
        public Stub ok(String resultJson) {
            return reply(200, Fixtures.ok(resultJson));
        }

        boolean matches(String m, String target) {
            if (!m.equals(method)) {
                return false;
            }
            return path.contains("?") ? target.equals(path) : target.split("\\?", 2)[0].equals(path);
        }

        MockResponse next() {
            calls++;
            return responses.size() > 1 ? responses.poll() : responses.peek();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The requests answered when no stub does, without being expected. */
    private final List<Fallback> fallbacks = new ArrayList<>();

    private record Fallback(Stub stub, java.util.function.Function<RecordedRequest, MockResponse> answer) {
    }

    /**
     * Answers {@code method path} when no stub does, without expecting it: for a request most tests do not look at
     * (check's GraphQL upload history, the zone's account and its alert policies). Kept across {@link #reset()}.
     */
    public synchronized void fallback(String method, String path,
                                      java.util.function.Function<RecordedRequest, MockResponse> answer) {
        fallbacks.add(new Fallback(new Stub(method, path), answer));
    }

    /** How many times the fallback for {@code method path} answered. */
    public synchronized int fallbackCalls(String method, String path) {
        return fallbacks.stream().filter(f -> f.stub().method.equals(method) && f.stub().path.equals(path))
                .mapToInt(f -> f.stub().calls).sum();
    }

    public synchronized Stub on(String method, String path) {
        Stub s = new Stub(method, path);
        stubs.add(s);
        return s;
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .addHeader("cf-ray", "8a1b2c3d4e5f-CDG").body(body).build();
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget().startsWith(prefix) ? request.getTarget().substring(prefix.length())
                : request.getTarget();
        String line = request.getMethod() + " " + target;
        seen.add(line);
        for (Stub s : stubs) {
            if (s.matches(request.getMethod(), target) && !s.responses.isEmpty()) {
                return s.next();
            }
        }
        for (Fallback f : fallbacks) {
            if (f.stub().matches(request.getMethod(), target)) {
                f.stub().calls++;
                return f.answer().apply(request);
            }
        }
        unexpected.add(line);
        return json(599, Fixtures.error(0, "no stub for " + line));
    }

    /**
     * Forgets the stubs and the requests seen, for a test that runs several commands each with its own stubs;
     * {@link #verify()} first, or what was wrong is forgotten too.
     */
    public synchronized void reset() {
        fallbacks.forEach(f -> f.stub().calls = 0);
        stubs.clear();
        unexpected.clear();
        seen.clear();
    }

    /** The requests received so far, as "METHOD /path?query", in order. */
    public synchronized List<String> seen() {
        return List.copyOf(seen);
    }

    /** How many times the stub for {@code method path} answered. */
    public synchronized int calls(String method, String path) {
        return stubs.stream().filter(s -> s.method.equals(method) && s.path.equals(path)).mapToInt(s -> s.calls).sum();
    }

    /** Fails when a request came that no stub expected, or a stub was never used. */
    public synchronized void verify() {
        List<String> problems = new ArrayList<>();
        unexpected.forEach(u -> problems.add("unexpected request: " + u));
        stubs.stream().filter(s -> s.calls == 0).forEach(s -> problems.add("stub never used: " + s));
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems) + "\nrequests: " + seen);
        }
    }
}
