package dev.ipfence.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ipfence.core.events.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/api/asyncapi.yaml is an AsyncAPI 3.0 document whose references resolve and whose topics are core's. */
class AsyncApiDocumentTest {

    private static final Path API = EventSchemas.apiDirectory();

    @Test
    void itIsAsyncApi3WithBothTopicsAsCoreDefinesThem() throws IOException {
        JsonNode doc = yaml(API.resolve("asyncapi.yaml"));
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertChannel(doc.path("channels").path("rules"), Topic.RULES);
        assertChannel(doc.path("channels").path("blockedAttempts"), Topic.BLOCKED_ATTEMPTS);
        assertThat(payloadRef(doc, "changeEvent")).isEqualTo("./schemas/" + EventSchemas.RULE_CHANGE_EVENT);
        assertThat(payloadRef(doc, "blockedAttempt")).isEqualTo("./schemas/" + EventSchemas.BLOCKED_ATTEMPT_EVENT);
    }

    @Test
    void everyReferenceOfTheDocumentAndTheSchemasResolves() throws IOException {
        JsonNode doc = yaml(API.resolve("asyncapi.yaml"));
        for (String ref : refs(doc)) {
            if (ref.startsWith("#")) {
                assertThat(doc.at(ref.substring(1)).isMissingNode())
                        .as("asyncapi.yaml: %s", ref)
                        .isFalse();
            } else {
                assertThat(API.resolve(ref).normalize())
                        .as("asyncapi.yaml: %s", ref)
                        .isRegularFile();
            }
        }
        try (Stream<Path> files = Files.list(API.resolve("schemas"))) {
            for (Path file : files.toList()) {
                JsonNode schema = new ObjectMapper().readTree(file.toFile());
                assertThat(schema.path("$id").asText()).isEqualTo(EventSchemas.BASE_ID + file.getFileName());
                for (String ref : refs(schema)) {
                    String path = ref.contains("#") ? ref.substring(0, ref.indexOf('#')) : ref;
                    JsonNode target = path.isEmpty()
                            ? schema
                            : new ObjectMapper()
                                    .readTree(file.resolveSibling(path).toFile());
                    String pointer = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : "";
                    assertThat(target.at(pointer).isMissingNode())
                            .as("%s: %s", file.getFileName(), ref)
                            .isFalse();
                }
            }
        }
    }

    private static void assertChannel(JsonNode channel, Topic topic) {
        assertThat(channel.path("address").asText()).isEqualTo(topic.topicName());
        JsonNode kafka = channel.path("bindings").path("kafka");
        assertThat(kafka.path("topic").asText()).isEqualTo(topic.topicName());
        assertThat(kafka.path("partitions").asInt()).isEqualTo(topic.partitions());
        JsonNode config = kafka.path("topicConfiguration");
        for (Map.Entry<String, String> entry : topic.configs().entrySet()) {
            JsonNode value = config.path(entry.getKey());
            String text = value.isArray() ? value.get(0).asText() : value.asText();
            assertThat(text).as("%s %s", topic.topicName(), entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    private static String payloadRef(JsonNode doc, String message) {
        return doc.path("components")
                .path("messages")
                .path(message)
                .path("payload")
                .path("schema")
                .path("$ref")
                .asText();
    }

    private static List<String> refs(JsonNode node) {
        List<String> refs = new ArrayList<>();
        collect(node, refs);
        return refs;
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject() && node.path("$ref").isTextual()) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collect(child, refs));
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }
}
