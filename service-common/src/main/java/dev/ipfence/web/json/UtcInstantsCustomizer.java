package dev.ipfence.web.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The service's {@code ObjectMapper} reads instants with {@link UtcInstantDeserializer}. */
@Singleton
public class UtcInstantsCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(UtcInstantDeserializer.module());
    }

    /** After Quarkus's own customizers, which register Jackson's Java time module: the module registered last wins. */
    @Override
    public int priority() {
        return QUARKUS_CUSTOMIZER_PRIORITY - 1;
    }
}
