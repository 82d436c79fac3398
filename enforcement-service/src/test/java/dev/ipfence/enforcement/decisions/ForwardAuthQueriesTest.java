package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.web.Problem;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ForwardAuthQueriesTest {

    private static final String[] SCOPES = {"http", "ssh", "HTTP", "a b", "", "x".repeat(70), "grpc%2Dweb"};
    private static final String[] RESOURCES = {null, "wiki", "", "r%20x", "y".repeat(300)};
    private static final String[] TYPES = {null, "PRIVATE", "private", "BAD"};

    @Test
    void aQueryReadAgainIsReadAsTheFirstTimeValidOrNot() {
        Random random = new Random(7);
        ForwardAuthQueries queries = new ForwardAuthQueries();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            texts.add(generated(random));
        }
        int valid = 0;
        for (int round = 0; round < 2; round++) {
            for (String text : texts) {
                List<Problem.FieldError> fresh = new ArrayList<>();
                ForwardAuthQuery expected = ForwardAuthQuery.read(param(text), fresh);
                List<Problem.FieldError> errors = new ArrayList<>();
                assertThat(queries.read(text, param(text), errors)).as(text).isEqualTo(expected);
                assertThat(errors).as(text).isEqualTo(fresh);
                valid += expected != null && round == 0 ? 1 : 0;
            }
        }
        assertThat(valid).as("valid generated queries").isBetween(300, 2700);
        assertThat(queries.size()).isBetween(1, ForwardAuthQueries.MAX_ENTRIES);
    }

    @Test
    void keepsAtMostItsLimitAndNoLongQuery() {
        ForwardAuthQueries queries = new ForwardAuthQueries();
        String tooLong =
                "environmentId=" + UUID.randomUUID() + "&resourceId=" + "r".repeat(ForwardAuthQueries.MAX_LENGTH);
        assertThat(queries.read(tooLong, param(tooLong), new ArrayList<>())).isNotNull();
        assertThat(queries.size()).isZero();
        for (int i = 0; i < 2 * ForwardAuthQueries.MAX_ENTRIES; i++) {
            String text = "environmentId=" + UUID.randomUUID() + "&trafficScope=http";
            assertThat(queries.read(text, param(text), new ArrayList<>())).isNotNull();
        }
        assertThat(queries.size()).isEqualTo(ForwardAuthQueries.MAX_ENTRIES);
        assertThat(queries.read(null, name -> null, new ArrayList<>())).isNull();
    }

    private static String generated(Random random) {
        StringBuilder text = new StringBuilder();
        int kind = random.nextInt(10);
        String env =
                kind == 0 ? "not-a-uuid" : kind == 1 ? "" : new UUID(random.nextInt(8), random.nextInt(8)).toString();
        if (kind != 2) {
            text.append("environmentId=").append(env);
        }
        if (random.nextBoolean()) {
            text.append("&trafficScope=").append(SCOPES[random.nextInt(SCOPES.length)]);
        }
        String resource = RESOURCES[random.nextInt(RESOURCES.length)];
        if (resource != null) {
            text.append("&resourceId=").append(resource);
        }
        String type = TYPES[random.nextInt(TYPES.length)];
        if (type != null) {
            text.append("&resourceType=").append(type);
        }
        if (random.nextInt(4) == 0) {
            text.append("&environmentId=").append(UUID.randomUUID());
        }
        return text.toString();
    }

    /** The parameters of {@code text} as Vert.x reads a request's: the first value of each, decoded. */
    private static UnaryOperator<String> param(String text) {
        Map<String, List<String>> parameters = new QueryStringDecoder(text, StandardCharsets.UTF_8, false).parameters();
        return name -> parameters.containsKey(name) ? parameters.get(name).get(0) : null;
    }
}
