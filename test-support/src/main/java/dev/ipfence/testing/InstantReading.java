package dev.ipfence.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import dev.ipfence.core.events.RuleState;
import java.time.Instant;
import java.util.List;

/** How an {@code ObjectMapper} reads instants: the deserializers it picked, for a test of a service's mapper. */
public final class InstantReading {

    private InstantReading() {}

    /** The deserializer of an {@link Instant} read alone, and of one read as a property ({@link RuleState}'s {@code expiresAt}). */
    public static List<Class<?>> deserializers(ObjectMapper mapper) throws Exception {
        var context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);
        Object alone = context.findRootValueDeserializer(mapper.constructType(Instant.class));
        BeanDeserializerBase rule =
                (BeanDeserializerBase) context.findRootValueDeserializer(mapper.constructType(RuleState.class));
        Object property = rule.findProperty("expiresAt").getValueDeserializer();
        return List.of(alone.getClass(), property.getClass());
    }
}
