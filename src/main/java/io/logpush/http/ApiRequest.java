package io.logpush.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request that changes Cloudflare, described before it is sent: what it does (for messages), the method,
 * the API path and the body (null for none). {@code --dry-run} prints it; each API client sends it.
 */
public record ApiRequest(String what, String method, String path, ObjectNode body) {
}
