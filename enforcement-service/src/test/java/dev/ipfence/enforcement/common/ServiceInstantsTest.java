package dev.ipfence.enforcement.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import dev.ipfence.web.json.UtcInstantDeserializer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The running service's {@code ObjectMapper} reads instants with the short way for the services' own text. */
@QuarkusTest
class ServiceInstantsTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theServicesMapperReadsInstantsWithTheShortWay() throws Exception {
        var context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
                .isInstanceOf(UtcInstantDeserializer.class);
        assertThat(mapper.readValue("\"2026-12-01T09:30:00.123456Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-01T09:30:00.123456Z"));
        assertThat(mapper.readValue("\"2026-12-01T10:30:00+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
    }
}
