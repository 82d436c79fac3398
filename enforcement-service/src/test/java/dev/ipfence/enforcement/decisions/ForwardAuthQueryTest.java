package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.web.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The forward-auth query is refused naming its first bad part, and read whole otherwise. */
class ForwardAuthQueryTest {

    private static final String ENV = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

    private final List<FieldError> errors = new ArrayList<>();

    private ForwardAuthQuery read(Map<String, String> params) {
        return ForwardAuthQuery.read(params::get, errors);
    }

    @Test
    void readsEveryPart() {
        ForwardAuthQuery query = read(Map.of(
                "environmentId", ENV,
                "trafficScope", "http",
                "resourceId", "app-1",
                "resourceType", "PRIVATE",
                "gateway", "gw-1"));
        assertThat(query).isEqualTo(new ForwardAuthQuery(UUID.fromString(ENV), "http", "app-1", "PRIVATE", "gw-1"));
        assertThat(errors).isEmpty();
    }

    @Test
    void aMissingEnvironmentIsRequiredAsAQueryParameter() {
        assertThat(read(Map.of("trafficScope", "Bad Scope"))).isNull();
        assertThat(errors).containsExactly(new FieldError("environmentId", "is required (query parameter)"));
    }

    @Test
    void anEnvironmentThatIsNoUuidIsNamedWithItsValue() {
        assertThat(read(Map.of("environmentId", "env-1"))).isNull();
        assertThat(errors).containsExactly(new FieldError("environmentId", "\"env-1\" is not a UUID"));
    }

    @Test
    void aBadTrafficScopeIsRefusedBeforeTheResource() {
        assertThat(read(Map.of("environmentId", ENV, "trafficScope", "Bad Scope", "resourceType", "NOPE")))
                .isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("trafficScope");
    }

    @Test
    void everyBadResourcePartIsNamed() {
        assertThat(read(Map.of("environmentId", ENV, "resourceType", "NOPE", "gateway", "g".repeat(10_000))))
                .isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("resourceType", "gateway");
    }
}
