package io.logpush.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful envelope: its {@code result} (possibly a null node) and the response's cf-ray. */
public record ApiResponse(JsonNode result, String cfRay) {
}
