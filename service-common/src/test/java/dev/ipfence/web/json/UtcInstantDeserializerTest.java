package dev.ipfence.web.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An instant read with the module is what Jackson's Java time module reads, or refuses, for any JSON value. */
class UtcInstantDeserializerTest {

    private final ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ObjectMapper withModule =
            new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(UtcInstantDeserializer.module());

    record Event(Instant timestamp, List<Instant> seen) {}

    @Test
    void readsWhatJacksonReadsAndRefusesWhatItRefuses() throws Exception {
        List<String> values = new ArrayList<>(List.of(
                "\"2026-12-01T09:30:00Z\"",
                "\"2026-12-01T09:30:00.123456Z\"",
                "\" 2026-12-01T09:30:00Z \"",
                "\"2026-12-01T09:30:00+02:00\"",
                "\"2026-12-01t09:30:00z\"",
                "\"2026-02-30T09:30:00Z\"",
                "\"2026-12-01T23:59:60Z\"",
                "\"1764581400\"",
                "\"\"",
                "\"not a time\"",
                "1764581400",
                "1764581400.5",
                "-1",
                "null",
                "true",
                "[]",
                "{}"));
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            values.add("\"" + instant + "\"");
        }
        int read = 0;
        for (String value : values) {
            String json = "{\"timestamp\":" + value + ",\"seen\":[" + value + "]}";
            Object expected = outcome(jackson, json);
            assertThat(outcome(withModule, json)).as(json).isEqualTo(expected);
            if (expected instanceof Event) {
                read++;
            }
        }
        assertThat(read).isGreaterThan(5_000);
    }

    @Test
    void theModuleTakesThePlaceOfJacksonsForInstantsAloneAndAsProperties() throws Exception {
        var context = ((DefaultDeserializationContext) withModule.getDeserializationContext())
                .createInstance(withModule.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(withModule.constructType(Instant.class)))
                .isInstanceOf(UtcInstantDeserializer.class);
        BeanDeserializerBase event =
                (BeanDeserializerBase) context.findRootValueDeserializer(withModule.constructType(Event.class));
        assertThat(event.findProperty("timestamp").getValueDeserializer()).isInstanceOf(UtcInstantDeserializer.class);
    }

    @Test
    void readsTheServicesFormWithoutJacksonsDeserializer() throws Exception {
        // with no context Jackson's deserializer cannot run: only the short way reads this
        for (String text : new String[] {"2026-12-01T09:30:00Z", "2026-12-01T09:30:00.123456789Z"}) {
            try (JsonParser parser = withModule.createParser("[\"" + text + "\"]")) {
                parser.nextToken();
                parser.nextToken();
                assertThat(new UtcInstantDeserializer().deserialize(parser, null))
                        .isEqualTo(Instant.parse(text));
            }
        }
    }

    /** The event read, or the kind of error that refused it. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Event.class);
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }
}
