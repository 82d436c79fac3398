package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.enforcement.decisions.DecisionApi.DecisionRequest;
import dev.ipfence.enforcement.decisions.DecisionApi.ResourceBody;
import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A decision request is checked field by field, and a batch before any of it is decided. */
class CheckedRequestTest {

    private static final String ENV = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

    private static DecisionRequest request(String environmentId, String trafficScope) {
        return new DecisionRequest("203.0.113.7", environmentId, trafficScope, null, null, null, null, null, null);
    }

    private static List<FieldError> errorsOf(Runnable check) {
        try {
            check.run();
        } catch (ProblemException e) {
            return e.problem("/v1/decisions").errors();
        }
        throw new AssertionError("no problem");
    }

    @Test
    void aValidRequestWithoutIdentityCarriesNone() {
        CheckedRequest checked =
                CheckedRequest.checkAll(List.of(request(ENV, "http")), false).get(0);
        assertThat(checked.environmentId()).isEqualTo(UUID.fromString(ENV));
        assertThat(checked.identity()).isNull();
    }

    @Test
    void namesAMissingEnvironmentAndABadTrafficScope() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(CheckedRequest.check(request(null, "Not A Scope"), "", errors))
                .isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("environmentId", "trafficScope");
    }

    @Test
    void namesAnEnvironmentIdThatIsNoUuidWithItsValue() {
        List<FieldError> errors = new ArrayList<>();
        CheckedRequest.check(request("env-1", null), "", errors);
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("environmentId");
            assertThat(error.message()).contains("\"env-1\"");
        });
    }

    @Test
    void aBatchIsRefusedWholeNamingEachBadItemByItsPosition() {
        List<DecisionRequest> batch = new ArrayList<>();
        batch.add(request(ENV, "http"));
        batch.add(null);
        batch.add(request("nope", "http"));
        assertThat(errorsOf(() -> CheckedRequest.checkAll(batch, true)))
                .extracting(FieldError::field)
                .containsExactly("requests[1]", "requests[2].environmentId");
        assertThatThrownBy(() -> CheckedRequest.checkAll(batch, true)).hasMessageContaining("nothing was decided");
    }

    @Test
    void aResourceWithoutIdentityIsAnAnonymousIdentityRequest() {
        DecisionRequest request = new DecisionRequest(
                "203.0.113.7", ENV, null, "GET", "/", null, null, new ResourceBody("app-1", "PRIVATE"), "gw");
        CheckedRequest checked =
                CheckedRequest.checkAll(List.of(request), false).get(0);
        assertThat(checked.identity()).isNotNull();
        assertThat(checked.identity().resource().id()).isEqualTo("app-1");
        assertThat(checked.identity().identity().user()).isNull();
    }

    @Test
    void uuidOrNullReadsOnlyUuids() {
        assertThat(CheckedRequest.uuidOrNull(ENV)).isEqualTo(UUID.fromString(ENV));
        assertThat(CheckedRequest.uuidOrNull("x")).isNull();
        assertThat(CheckedRequest.uuidOrNull(null)).isNull();
    }
}
