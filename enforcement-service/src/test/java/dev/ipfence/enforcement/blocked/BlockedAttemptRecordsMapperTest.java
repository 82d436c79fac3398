package dev.ipfence.enforcement.blocked;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The records are written as the running service's own {@code ObjectMapper} would write them. */
@QuarkusTest
class BlockedAttemptRecordsMapperTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void writesTheSameBytesAsTheServicesObjectMapper() {
        BlockedAttemptRecordsTest.assertSameBytesAsTheMapper(mapper, 2_000, 17);
    }
}
