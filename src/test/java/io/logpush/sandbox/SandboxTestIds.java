package io.logpush.sandbox;

import java.util.Map;

/** The sandbox's zone IDs, for tests in other packages, and the environment its export lines give. */
public final class SandboxTestIds {
    private SandboxTestIds() {
    }

    public static String id(String zoneName) {
        return SandboxState.id(zoneName);
    }

    /**
     * What {@code logpush sandbox}'s export lines set (Cloudflare's URL, token and zone; Sekoia's URL and key), and
     * retries 5 ms apart.
     */
    public static Map<String, String> environment(Sandbox sandbox) {
        return Map.of("CLOUDFLARE_BASE_URL", sandbox.baseUrl(), "CLOUDFLARE_API_TOKEN", sandbox.token(),
                "CLOUDFLARE_ZONE_ID", sandbox.zoneId(), "SEKOIA_API_URL", sandbox.sekoiaUrl(), "SEKOIA_API_KEY",
                sandbox.sekoiaKey(), "LOGPUSH_RETRY_BASE_MS", "5");
    }
}
