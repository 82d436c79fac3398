package dev.ipfence.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps {@code docs/api/<service>.yaml} equal to what the service serves at {@code /q/openapi}:
 * both are parsed and compared as trees, so formatting and key order do not matter. With
 * {@value #WRITE} set to {@code true}, the served document replaces the committed one instead.
 */
public final class OpenApiDocuments {

    /** The system property that rewrites the committed document: {@code -Dipfence.openapi.write=true}. */
    public static final String WRITE = "ipfence.openapi.write";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private OpenApiDocuments() {}

    /** The committed document of a service, from a module's directory (tests run there). */
    public static Path committed(String service) {
        return Path.of("..", "docs", "api", service + ".yaml").toAbsolutePath().normalize();
    }

    /** Fetches {@code /q/openapi} (YAML) and asserts it equals {@code docs/api/<service>.yaml}. */
    public static void assertServedEqualsCommitted(String service) throws IOException {
        String served = given().when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path file = committed(service);
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(file, served.endsWith("\n") ? served : served + "\n");
            return;
        }
        String refresh = " Refresh it: ./mvnw -o -B -pl " + service + " -am verify -D" + WRITE
                + "=true -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " (see docs/api/README.md), then review and commit the change.";
        if (!Files.exists(file)) {
            throw new AssertionError(file + " is missing." + refresh);
        }
        JsonNode expected = YAML.readTree(file.toFile());
        JsonNode actual = YAML.readTree(served);
        if (!expected.equals(actual)) {
            List<String> differences = new ArrayList<>();
            diff("", expected, actual, differences);
            throw new AssertionError(file + " differs from what " + service + " serves at /q/openapi ("
                    + differences.size() + " differences, first: "
                    + differences.subList(0, Math.min(10, differences.size()))
                    + ")." + refresh);
        }
    }

    private static void diff(String pointer, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name)) {
                    out.add(child + " is served but not committed");
                } else if (!actual.has(name)) {
                    out.add(child + " is committed but not served");
                } else {
                    diff(child, expected.get(name), actual.get(name), out);
                }
            }
            return;
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext(); i++) {
                diff(pointer + "/" + i, e.next(), a.next(), out);
            }
            return;
        }
        out.add(pointer + ": committed " + abbreviate(expected) + ", served " + abbreviate(actual));
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
