package io.logpush.cloudflare;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request that changes Cloudflare, described before it is sent: what it does (for messages), the method,
 * the API path and the body (null for none). {@code --dry-run} prints it; {@link LogpushApi} sends it.
 */
public record ApiRequest(String what, String method, String path, ObjectNode body) {
}
