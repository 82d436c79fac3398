package dev.ipfence.audit;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.OpenApiDocuments;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * docs/api/audit-service.yaml is what this service serves at /q/openapi (compared as YAML trees). After a
 * change to the API, rerun with -Dipfence.openapi.write=true to rewrite the file (docs/api/README.md).
 */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class OpenApiDocumentTest {

    @Test
    void committedDocumentIsWhatTheServiceServes() throws Exception {
        OpenApiDocuments.assertServedEqualsCommitted("audit-service");
    }
}
