package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.OpenApiDocuments;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The required fields the committed docs/api/rule-service.yaml declares for the main request
 * schemas are the ones listed here, and they are what the service enforces: the schema's example
 * is accepted as it is, and without any one required field it is refused with a 400 naming that
 * field. A {@code required} mark lost (or added) in the annotations fails here once the document
 * is refreshed.
 */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class RequiredFieldsResourceTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Arguments> requestSchemas() {
        return Stream.of(
                Arguments.of("NameRequest", "/api/projects", List.of("name")),
                Arguments.of("RuleRequest", "/api/org/ip-access-rules", List.of()),
                Arguments.of("BulkRequest", "/api/org/ip-access-rules/bulk", List.of("cidrs")),
                Arguments.of("PolicyGroupRequest", "/api/tenants/groups", List.of("name", "maxDevices")),
                Arguments.of(
                        "AdmissionRuleRequest",
                        "/api/tenants/admission-rules",
                        List.of("name", "rule", "hasTimeConstraint")),
                Arguments.of("PolicyRequest", "/api/tenants/policies", List.of("name", "type", "action")),
                Arguments.of("CreateRequest", "/api/tenants/api-keys", List.of("name", "roles")),
                Arguments.of(
                        "LoginRangeRequest", "/api/global/loginIpAllowlists", List.of("ipRangeFrom", "ipRangeTo")));
    }

    @ParameterizedTest(name = "{0} at {1} requires {2}")
    @MethodSource("requestSchemas")
    void documentDeclaresTheFieldsTheServiceRequires(String schemaName, String path, List<String> required)
            throws IOException {
        JsonNode schema = schema(schemaName);
        assertThat(names(schema.path("required"))).as(schemaName + " required").isEqualTo(required);
        for (String field : required) {
            assertThat(schema.path("properties").has(field))
                    .as(schemaName + " has property " + field)
                    .isTrue();
        }

        Api api = new Api();
        ObjectNode example = example(schemaName, schema, api);
        Response accepted = api.admin().body(example.toString()).post(path);
        assertThat(accepted.statusCode())
                .as(schemaName + " example " + example + ": " + accepted.asString())
                .isBetween(200, 201);

        for (String field : required) {
            ObjectNode without = example.deepCopy();
            without.remove(field);
            Response refused = api.admin().body(without.toString()).post(path);
            assertThat(refused.statusCode())
                    .as(schemaName + " without " + field + ": " + refused.asString())
                    .isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field", String.class))
                    .as(schemaName + " without " + field)
                    .contains(field);
        }
    }

    private static JsonNode schema(String name) throws IOException {
        JsonNode document =
                YAML.readTree(OpenApiDocuments.committed("rule-service").toFile());
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("schema " + name).isTrue();
        return schema;
    }

    /** The schema's first example; a policy's group and admission rule ids are made to exist first. */
    private static ObjectNode example(String schemaName, JsonNode schema, Api api) {
        JsonNode example = schema.path("examples").path(0);
        if (example.isMissingNode()) {
            example = schema.path("example");
        }
        assertThat(example.isObject()).as(schemaName + " has an example object").isTrue();
        ObjectNode body = (ObjectNode) example.deepCopy();
        if (schemaName.equals("PolicyRequest")) {
            body.putArray("groups").add(api.group("engineering").toString());
            body.put(
                    "rule",
                    api.admissionRule("engineering", "user.department == 'Engineering'")
                            .toString());
        }
        return body;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }
}
