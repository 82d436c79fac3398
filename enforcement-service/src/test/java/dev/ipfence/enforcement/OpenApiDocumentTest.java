package dev.ipfence.enforcement;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.OpenApiDocuments;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * docs/api/enforcement-service.yaml is what this service serves at /q/openapi (compared as YAML trees). After a
 * change to the API, rerun with -Dipfence.openapi.write=true to rewrite the file (docs/api/README.md).
 */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class OpenApiDocumentTest {

    @Test
    void committedDocumentIsWhatTheServiceServes() throws Exception {
        OpenApiDocuments.assertServedEqualsCommitted("enforcement-service");
    }
}
