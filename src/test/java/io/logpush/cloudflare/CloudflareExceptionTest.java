package io.logpush.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.logpush.model.LogpushException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cloudflare's errors judged without HTTP: the kind by code, message and status, the hint, the envelope's errors. */
class CloudflareExceptionTest {
    static final String MAX_JOBS = "creating a new job is not allowed: exceeded max jobs allowed";
    static final String PII = "reading job for product gateway_dns is not allowed";

    static List<ApiError> one(int code, String message) {
        return List.of(new ApiError(code, message));
    }

    @ParameterizedTest
    @CsvSource({
        "10000, AUTH", "9109, AUTH", "9106, AUTH", "6003, AUTH", "6111, AUTH", "1000, AUTH",
        "7003, NOT_FOUND", "7000, NOT_FOUND", "1004, FAILURE", "8000000, FAILURE"})
    void theCodeDecidesTheKindWhateverTheStatus(int code, Kind kind) {
        assertThat(CloudflareException.classify(400, one(code, "whatever"))).isEqualTo(kind);
    }

    @Test
    void code1004IsReadByItsMessage() {
        assertThat(CloudflareException.classify(400, one(1004, MAX_JOBS))).isEqualTo(Kind.CONFLICT);
        assertThat(CloudflareException.classify(400, one(1004, PII))).isEqualTo(Kind.AUTH);
        assertThat(CloudflareException.classify(400, one(1004, "is not allowed"))).as("not a read of a product")
                .isEqualTo(Kind.FAILURE);
        assertThat(CloudflareException.classify(400, one(1004, null))).isEqualTo(Kind.FAILURE);
    }

    @Test
    void theMaxJobsMessageIsAConflictUnderAnyCode() {
        assertThat(CloudflareException.classify(400, one(0, "Exceeded Max Jobs Allowed"))).isEqualTo(Kind.CONFLICT);
    }

    @Test
    void theFirstErrorThatDecidesWins() {
        assertThat(CloudflareException.classify(400, List.of(new ApiError(8000000, "odd"), new ApiError(7003, "x"),
                new ApiError(10000, "y")))).isEqualTo(Kind.NOT_FOUND);
    }

    @ParameterizedTest
    @CsvSource({"401, AUTH", "403, AUTH", "404, NOT_FOUND", "400, FAILURE", "500, FAILURE", "503, FAILURE"})
    void withoutADecidingCodeTheStatusDecides(int status, Kind kind) {
        assertThat(CloudflareException.classify(status, List.of())).isEqualTo(kind);
        assertThat(CloudflareException.classify(status, one(8000000, "unknown"))).isEqualTo(kind);
    }

    @Test
    void aRefusedTokenHintCarriesTheVerifyCommandInUse() {
        assertThat(CloudflareException.hint(403, one(10000, "Authentication error")))
                .contains("Logs Edit").contains("https://api.cloudflare.com/client/v4/user/tokens/verify");
        assertThat(CloudflareException.hint(403, one(10000, "Authentication error"), "curl VERIFY"))
                .contains("'curl VERIFY'").doesNotContain("api.cloudflare.com");
    }

    @Test
    void eachKnownCauseHasItsOwnHint() {
        List<String> hints = List.of(
                CloudflareException.hint(400, one(9109, "Invalid access token")),
                CloudflareException.hint(400, one(6003, "Invalid request headers")),
                CloudflareException.hint(400, one(7003, "Could not route")),
                CloudflareException.hint(400, one(1004, MAX_JOBS)),
                CloudflareException.hint(400, one(1004, PII)),
                CloudflareException.hint(400, one(8000000, "error validating destination: error writing object")),
                CloudflareException.hint(403, List.of()),
                CloudflareException.hint(502, List.of()));
        assertThat(hints).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(hints.get(4)).isEqualTo(CloudflareException.PII_READ_HINT);
        assertThat(CloudflareException.PII_READ_HINT).contains(String.join(", ", CloudflareException.PII_READ_DATASETS));
    }

    @Test
    void anUnknownRefusalHasNoHint() {
        assertThat(CloudflareException.hint(400, one(1004, "something else"))).isNull();
        assertThat(CloudflareException.hint(400, one(8000000, "odd"))).isNull();
        assertThat(CloudflareException.hint(409, List.of())).isNull();
    }

    @Test
    void theExceptionCarriesKindCfRayAndItsErrors() {
        CloudflareException e = CloudflareException.of("creating", 400, "Bad Request",
                one(8000000, "Error validating destination: error writing object"), "8a1b-CDG");
        assertThat(e.kind()).isEqualTo(Kind.FAILURE);
        assertThat(e.cfRay()).isEqualTo("8a1b-CDG");
        assertThat(e.destinationRefused()).isTrue();
        assertThat(e.hasMessage("WRITING OBJECT")).isTrue();
        assertThat(e.hint()).isNotNull();
        assertThat(e.getMessage()).contains("8000000").contains("8a1b-CDG").doesNotContain("Bad Request");
        CloudflareException bare = CloudflareException.of("listing", 502, "Bad Gateway", List.of(), null);
        assertThat(bare.getMessage()).contains("502").contains("Bad Gateway").doesNotContain("cf-ray");
        assertThat(bare.destinationRefused()).isFalse();
    }

    @Test
    void theEnvelopesErrorsAreReadFromAnyBody() {
        assertThat(CloudflareClient.errors("{\"success\":false,\"errors\":[{\"code\":1004,\"message\":\"m\"},"
                + "\"plain text\",{\"message\":\"no code\"},42]}"))
                .containsExactly(new ApiError(1004, "m"), new ApiError(0, "plain text"), new ApiError(0, "no code"));
        assertThat(CloudflareClient.errors(null)).isEmpty();
        assertThat(CloudflareClient.errors("  ")).isEmpty();
        assertThat(CloudflareClient.errors("<html>502 Bad Gateway</html>")).isEmpty();
        assertThat(CloudflareClient.errors("{\"errors\":null}")).isEmpty();
        assertThat(CloudflareClient.errors("{\"errors\":{\"code\":1}}")).isEmpty();
        assertThat(CloudflareClient.errors("[1,2]")).isEmpty();
    }
}
