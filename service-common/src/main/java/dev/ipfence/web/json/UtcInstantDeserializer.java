package dev.ipfence.web.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Jackson's {@link InstantDeserializer} with a short way for the text the services write ({@link
 * UtcInstantText}): that text gives the same instant, and everything else (other text, numbers,
 * null, a property with its own format) goes to Jackson's, which accepts or refuses it as it
 * always has.
 */
public final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

    private static final InstantDeserializer<Instant> JACKSON = InstantDeserializer.INSTANT;

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    /** A module that reads every {@link Instant} so; registered after Jackson's Java time module, it takes its place. */
    public static SimpleModule module() {
        return new SimpleModule("ipfence-utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer());
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            Instant instant =
                    UtcInstantText.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (instant != null) {
                return instant;
            }
        }
        return JACKSON.deserialize(parser, context);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
            throws JsonMappingException {
        // a property with a format of its own (a pattern, leniency) is read by Jackson's alone
        JsonDeserializer<?> jackson = JACKSON.createContextual(context, property);
        return jackson == JACKSON ? this : jackson;
    }
}
