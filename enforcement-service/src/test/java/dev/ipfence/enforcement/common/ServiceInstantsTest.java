package dev.ipfence.enforcement.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.InstantReading;
import dev.ipfence.web.json.UtcInstantDeserializer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The running service's {@code ObjectMapper} reads instants, alone and as properties, with the
 * services' short way. Every service gets it the same way (service-common's customizer, found by
 * its bean archive), so one service's test checks all.
 */
@QuarkusTest
class ServiceInstantsTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theServicesMapperReadsInstantsWithTheShortWay() throws Exception {
        assertThat(InstantReading.deserializers(mapper)).containsOnly(UtcInstantDeserializer.class);
    }
}
