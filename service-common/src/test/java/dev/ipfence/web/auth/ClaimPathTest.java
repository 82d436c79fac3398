package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClaimPathTest {

    @Test
    void readsATopLevelClaim() {
        assertThat(ClaimPath.parse("groups").read(Map.of("groups", List.of("a"))))
                .isEqualTo(List.of("a"));
    }

    @Test
    void readsANestedClaimLikeKeycloaksRealmRoles() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("ip-access:read")));
        assertThat(ClaimPath.parse("realm_access.roles").read(claims)).isEqualTo(List.of("ip-access:read"));
    }

    @Test
    void readsANamespacedClaimWhoseNameHoldsDotsAndSlashes() {
        Map<String, Object> claims = Map.of("https://example.com/roles", List.of("x"), "https://example", "no");
        assertThat(ClaimPath.parse("\"https://example.com/roles\"").read(claims))
                .isEqualTo(List.of("x"));
        assertThat(ClaimPath.parse("\"https://example.com/roles\"").segments())
                .containsExactly("https://example.com/roles");
    }

    @Test
    void readsAQuotedNameInsideAPath() {
        Map<String, Object> claims = Map.of("app", Map.of("https://example.com/claims", Map.of("org", "o")));
        assertThat(ClaimPath.parse("app.\"https://example.com/claims\".org").read(claims))
                .isEqualTo("o");
    }

    @Test
    void aMissingMemberOrAStepThatIsNotAnObjectReadsAsNull() {
        Map<String, Object> claims = Map.of("realm_access", List.of("roles"), "groups", "x");
        assertThat(ClaimPath.parse("realm_access.roles").read(claims)).isNull();
        assertThat(ClaimPath.parse("groups.name").read(claims)).isNull();
        assertThat(ClaimPath.parse("nothing").read(claims)).isNull();
        // an unquoted dotted path never matches a top-level name holding dots
        assertThat(ClaimPath.parse("https://example.com/roles").read(Map.of("https://example.com/roles", "x")))
                .isNull();
    }

    @Test
    void rejectsMalformedPathsSayingWhy() {
        assertThatThrownBy(() -> ClaimPath.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClaimPath.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClaimPath.parse("a..b"))
                .hasMessageContaining("a..b")
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ClaimPath.parse(".a")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClaimPath.parse("a.")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClaimPath.parse("\"https://x")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> ClaimPath.parse("\"a\"b")).hasMessageContaining("followed by a dot");
        assertThatThrownBy(() -> ClaimPath.parse("a\"b\"")).hasMessageContaining("quote a whole name");
        assertThatThrownBy(() -> ClaimPath.parse("\"\"")).hasMessageContaining("empty");
    }

    /** Any names, written as the syntax says (quoted when they hold a dot), read back what was put there. */
    @Test
    void generatedPathsReadTheValueAtTheirNamesAndNothingElse() {
        Random random = new Random(20261202);
        String alphabet = "abz_-:/.09AZ";
        for (int round = 0; round < 2000; round++) {
            int depth = 1 + random.nextInt(4);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < depth; i++) {
                StringBuilder name = new StringBuilder();
                int length = 1 + random.nextInt(8);
                for (int j = 0; j < length; j++) {
                    name.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                names.add(name.toString());
            }
            String text = names.stream()
                    .map(name -> name.contains(".") || random.nextInt(4) == 0 ? "\"" + name + "\"" : name)
                    .collect(Collectors.joining("."));
            Object value = "value-" + round;
            Map<String, Object> claims = nest(names, value);
            // a sibling at every level that must not be read
            claims.put(names.get(0) + "x", "decoy");

            ClaimPath path = ClaimPath.parse(text);

            assertThat(path.segments()).as(text).isEqualTo(names);
            assertThat(path.read(claims)).as(text).isEqualTo(value);
            assertThat(path.read(nest(names.subList(0, depth - 1), value)))
                    .as(text)
                    .isNull();
            assertThat(ClaimPath.parse(text)).isEqualTo(path).hasSameHashCodeAs(path);
        }
    }

    private static Map<String, Object> nest(List<String> names, Object value) {
        Object current = value;
        for (int i = names.size() - 1; i >= 0; i--) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put(names.get(i), current);
            current = object;
        }
        return current instanceof Map<?, ?> ? castMap(current) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }
}
