package dev.ipfence.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

class PathParametersTest {

    @Test
    void namesEveryTemplateInOrder() {
        assertThat(PathParameters.of("/api/projects/{scopeId}/ip-access-rules/{id}"))
                .containsExactly("scopeId", "id");
        assertThat(PathParameters.of("/api/org/ip-access-rules")).isEmpty();
    }

    @Test
    void declaresAMissingScopeIdAfterTheSegmentItFollows() {
        String path = "/api/projects/{scopeId}/ip-access-rules";
        Operation operation = OASFactory.createOperation();
        PathParameters.declare(path, PathParameters.of(path), OASFactory.createPathItem(), operation);
        assertThat(operation.getParameters()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("scopeId");
            assertThat(p.getIn()).isEqualTo(Parameter.In.PATH);
            assertThat(p.getRequired()).isTrue();
            assertThat(p.getDescription()).isEqualTo("The id of the project");
        });
    }

    @Test
    void dropsADeclaredPathParameterThePathDoesNotHave() {
        String path = "/api/org/ip-access-rules";
        Operation operation = OASFactory.createOperation()
                .addParameter(OASFactory.createParameter().name("scopeId").in(Parameter.In.PATH));
        PathParameters.declare(path, PathParameters.of(path), OASFactory.createPathItem(), operation);
        assertThat(operation.getParameters()).isNullOrEmpty();
    }

    @Test
    void keepsOneDeclaredOnThePathItem() {
        String path = "/api/org/ip-access-rules/{id}";
        PathItem item = OASFactory.createPathItem()
                .addParameter(OASFactory.createParameter().name("id").in(Parameter.In.PATH));
        Operation operation = OASFactory.createOperation();
        PathParameters.declare(path, PathParameters.of(path), item, operation);
        assertThat(operation.getParameters()).isNullOrEmpty();
    }
}
