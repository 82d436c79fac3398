package dev.ipfence.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JSON Schemas of the event contract ({@code docs/api/schemas}, the payloads of {@code
 * docs/api/asyncapi.yaml}), applied with a JSON Schema 2020-12 validator that also asserts formats
 * ({@code uuid}, {@code date-time}).
 */
public final class EventSchemas {

    /** The {@code $id} every schema file has: this prefix and its file name. */
    public static final String BASE_ID = "https://ipfence.dev/schemas/events/";

    /** The value of a record on {@code ipfence.rules.v1}. */
    public static final String RULE_CHANGE_EVENT = "rule-change-event.schema.json";

    /** The value of a record on {@code ipfence.blocked-attempts.v1}. */
    public static final String BLOCKED_ATTEMPT_EVENT = "blocked-attempt-event.schema.json";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(schemaFiles()));

    private static final Map<String, Schema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private EventSchemas() {}

    /** The repository's {@code docs/api}: from {@code ipfence.root}, or the nearest parent of the working directory that has one. */
    public static Path apiDirectory() {
        String root = System.getProperty("ipfence.root");
        if (root != null && Files.isDirectory(Path.of(root, "docs", "api"))) {
            return Path.of(root, "docs", "api");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/api/schemas"))) {
                return dir.resolve("docs/api");
            }
        }
        throw new IllegalStateException(
                "no docs/api/schemas above " + Path.of("").toAbsolutePath());
    }

    /** The schema files by their {@code $id}. */
    private static Map<String, String> schemaFiles() {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> list = Files.list(apiDirectory().resolve("schemas"))) {
            for (Path file :
                    list.filter(f -> f.toString().endsWith(".schema.json")).toList()) {
                files.put(BASE_ID + file.getFileName(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * What is wrong with {@code json} for the schema in {@code schemaFile}, one readable line per
     * problem ({@code $.entity.cidr: does not match the regex pattern ...}); empty when it is valid.
     */
    public static List<String> problems(String schemaFile, String json) {
        Schema schema = SCHEMAS.computeIfAbsent(schemaFile, f -> REGISTRY.getSchema(SchemaLocation.of(BASE_ID + f)));
        List<Error> errors = schema.validate(
                json,
                InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(Error::toString).distinct().toList();
    }

    /** Throws an {@link AssertionError} naming {@code what} and every problem unless {@code json} is valid. */
    public static void assertValid(String schemaFile, String json, String what) {
        List<String> problems = problems(schemaFile, json);
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    what + " breaks " + schemaFile + ":\n  " + String.join("\n  ", problems) + "\n" + json);
        }
    }
}
