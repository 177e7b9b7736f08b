package io.logpush.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful envelope: its {@code result} (possibly a null node), its {@code result_info} (a missing node when
 * absent: page, per_page, count, total_count, total_pages on listings) and the response's cf-ray.
 */
public record ApiResponse(JsonNode result, JsonNode resultInfo, String cfRay) {
}
