package io.logpush.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shapes Cloudflare and Sekoia really answer with (issue 13; src/test/resources/vectors), and the helpers the
 * tests of those shapes share.
 */
abstract class CloudflareShapesTest extends ApiTest {
    static final String ACCOUNT_JOBS = "/accounts/" + ACCOUNT_ID + "/logpush/jobs";
    static final String DESTINATION_REFUSED = "error validating destination: error writing object: error uploading";

    @TempDir
    Path dir;

    static String now(long minusMinutes) {
        return Instant.now().minus(minusMinutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String activeToken() {
        return ok("{\"id\":\"f267e341f3dd4697bd3b9f71dd96247f\",\"status\":\"active\",\"expires_on\":null}");
    }

    static String offered(List<String> names) {
        ObjectNode o = MAPPER.createObjectNode();
        names.forEach(n -> o.put(n, "string; x"));
        return ok(o.toString());
    }
}
