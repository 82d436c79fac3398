package dev.ipfence.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import dev.ipfence.testing.TopicReader;
import dev.ipfence.web.apikeys.ApiKeySecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class ApiKeyResourceTest {

    private static final String KEYS = "/api/tenants/api-keys";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api = new Api();

    private JsonPath create(Map<String, ?> body) {
        return api.admin()
                .body(body)
                .post(KEYS)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private JsonPath create(String... roles) {
        return create(Map.of("name", "ci", "roles", List.of(roles)));
    }

    private static RequestSpecification withKey(String secret) {
        return given().header("apikey", secret).contentType(ContentType.JSON);
    }

    @Test
    void createShowsTheSecretOnceAndListAndGetNeverShowIt() {
        JsonPath created = create(TestTokens.READ, TestTokens.WRITE);
        String id = created.getString("id");
        String secret = created.getString("secret");

        assertThat(secret).matches("ipf_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeySecrets.idOf(secret)).hasToString(id);
        assertThat(created.getString("prefix")).isEqualTo("ipf_" + id.replace("-", ""));
        assertThat(created.getList("roles", String.class)).containsExactly(TestTokens.READ, TestTokens.WRITE);
        assertThat(created.getString("createdBy")).isEqualTo("tester");
        assertThat(created.getString("createdAt")).isNotNull();
        assertThat(created.getMap("")).containsKeys("expiresAt", "lastUsedAt", "revokedAt");

        String list = api.admin().get(KEYS).then().statusCode(200).extract().asString();
        assertThat(list).contains(id).doesNotContain(secret).doesNotContain("secret");
        api.admin()
                .get(KEYS)
                .then()
                .body("total", equalTo(1))
                .body("apiKeys[0].id", equalTo(id))
                .body("apiKeys[0].prefix", equalTo(created.getString("prefix")));
        String one = api.admin()
                .get(KEYS + "/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(one).contains(id).doesNotContain("secret");
    }

    @Test
    void aKeyAuthenticatesReadsAndWritesAsItsOrganizationWithItsRoles() {
        JsonPath key = create(TestTokens.READ, TestTokens.WRITE);
        String secret = key.getString("secret");

        String project = withKey(secret)
                .body(Map.of("name", "made-with-a-key"))
                .post("/api/projects")
                .then()
                .statusCode(201)
                .body("createdBy", equalTo("apikey:" + key.getString("id")))
                .extract()
                .path("id");
        withKey(secret).get("/api/projects").then().statusCode(200).body("projects.id", hasItem(project));
        api.admin().get("/api/projects/" + project).then().statusCode(200);
        withKey(secret)
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("subject", equalTo("apikey:" + key.getString("id")))
                .body("orgId", equalTo(api.org.toString()))
                .body("roles", equalTo(List.of(TestTokens.READ, TestTokens.WRITE)));
    }

    @Test
    void aReadOnlyKeyReadsButGets403OnAWrite() {
        String secret = create(TestTokens.READ).getString("secret");

        withKey(secret).get("/api/projects").then().statusCode(200);
        withKey(secret)
                .body(Map.of("name", "p"))
                .post("/api/projects")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        withKey(secret)
                .body(Map.of("name", "k", "roles", List.of(TestTokens.READ)))
                .post(KEYS)
                .then()
                .statusCode(403);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceWithA401SayingSoAndStaysListed() {
        JsonPath key = create(TestTokens.READ);
        String id = key.getString("id");
        String secret = key.getString("secret");
        withKey(secret).get("/api/projects").then().statusCode(200);

        api.admin().delete(KEYS + "/" + id).then().statusCode(204);
        api.admin().delete(KEYS + "/" + id).then().statusCode(204);

        withKey(secret)
                .get("/api/projects")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("revoked"));
        api.admin().get(KEYS).then().statusCode(200).body("apiKeys[0].revokedAt", notNullValue());
    }

    @Test
    void anExpiredKeyIsRefusedWithA401SayingSo() throws InterruptedException {
        Instant expiresAt = Instant.now().plusSeconds(2);
        String secret = create(
                        Map.of("name", "short", "roles", List.of(TestTokens.READ), "expiresAt", expiresAt.toString()))
                .getString("secret");
        withKey(secret).get("/api/projects").then().statusCode(200);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 200);

        withKey(secret).get("/api/projects").then().statusCode(401).body("detail", containsString("expired"));
    }

    @Test
    void aWrongUnknownOrMalformedKeyIsA401ThatRevealsNothing() {
        String secret = create(TestTokens.READ).getString("secret");
        char last = secret.charAt(secret.length() - 1);
        String wrong = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
        String unknown = ApiKeySecrets.generate(UUID.randomUUID());

        String wrongDetail = withKey(wrong)
                .get("/api/projects")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .extract()
                .path("detail");
        String unknownDetail = withKey(unknown)
                .get("/api/projects")
                .then()
                .statusCode(401)
                .extract()
                .path("detail");
        assertThat(wrongDetail).isEqualTo(unknownDetail);
        withKey("not-a-key").get("/api/projects").then().statusCode(401);
        withKey("").get("/api/projects").then().statusCode(401);
    }

    @Test
    void aKeyTogetherWithABearerTokenIsA401NotEitherOne() {
        String secret = create(TestTokens.READ).getString("secret");

        api.admin()
                .header("apikey", secret)
                .get("/api/projects")
                .then()
                .statusCode(401)
                .body("detail", containsString("not both"));
    }

    @Test
    void aKeySeesNothingOfAnotherOrganization() {
        Api other = new Api();
        UUID theirProject = other.project("theirs");
        String theirKey = other.admin()
                .body(Map.of("name", "theirs", "roles", List.of(TestTokens.READ)))
                .post(KEYS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String secret = create(TestTokens.READ, TestTokens.WRITE).getString("secret");

        withKey(secret).get("/api/projects/" + theirProject).then().statusCode(404);
        withKey(secret)
                .get("/api/projects")
                .then()
                .statusCode(200)
                .body("projects.id", not(hasItem(theirProject.toString())));
        withKey(secret).get(KEYS + "/" + theirKey).then().statusCode(404);
        withKey(secret).delete(KEYS + "/" + theirKey).then().statusCode(404);
        api.admin().get(KEYS + "/" + theirKey).then().statusCode(404);
        other.admin().get(KEYS + "/" + theirKey).then().statusCode(200).body("revokedAt", nullValue());
    }

    @Test
    void aCallerCannotGrantARoleItDoesNotHold() {
        String writeOnly = TestTokens.token(api.org, TestTokens.WRITE);
        api.as(writeOnly)
                .body(Map.of("name", "k", "roles", List.of(TestTokens.READ)))
                .post(KEYS)
                .then()
                .statusCode(403)
                .body("detail", containsString(TestTokens.READ));
        String writeKey = api.as(writeOnly)
                .body(Map.of("name", "k", "roles", List.of(TestTokens.WRITE)))
                .post(KEYS)
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        withKey(writeKey)
                .body(Map.of("name", "k2", "roles", List.of(TestTokens.READ, TestTokens.WRITE)))
                .post(KEYS)
                .then()
                .statusCode(403);
    }

    @Test
    void rolesOutsideTheApiAndExpiriesInThePastOrAfter9999AreRefused() {
        api.admin()
                .body(Map.of("name", "k", "roles", List.of("ip-access:admin")))
                .post(KEYS)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("roles[0]"));
        api.admin()
                .body(Map.of("name", "k", "roles", List.of()))
                .post(KEYS)
                .then()
                .statusCode(400);
        api.admin()
                .body(Map.of("name", "k", "roles", List.of(TestTokens.READ), "expiresAt", "2001-01-01T00:00:00Z"))
                .post(KEYS)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"));
        api.admin()
                .body(Map.of("name", "k", "roles", List.of(TestTokens.READ), "expiresAt", "+10000-01-01T00:00:00Z"))
                .post(KEYS)
                .then()
                .statusCode(400);
        api.admin()
                .body(Map.of("roles", List.of(TestTokens.READ)))
                .post(KEYS)
                .then()
                .statusCode(400);
        api.admin()
                .body("{\"name\": \"ci \\ud800\", \"roles\": [\"" + TestTokens.READ + "\"]}")
                .post(KEYS)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", startsWith("not valid Unicode: a lone surrogate U+D800 at position 3"));
    }

    @Test
    void theKeyQuotaOfAnOrganizationIsA409() {
        // %test.ipfence.rules.quota.api-keys=3
        for (int i = 0; i < 3; i++) {
            create(TestTokens.READ);
        }
        api.admin()
                .body(Map.of("name", "one too many", "roles", List.of(TestTokens.READ)))
                .post(KEYS)
                .then()
                .statusCode(409)
                .body("quota.key", equalTo("ipfence.rules.quota.api-keys"))
                .body("quota.limit", equalTo(3));
    }

    @Test
    void aUseIsRecordedAsLastUsedAt() throws InterruptedException {
        JsonPath key = create(TestTokens.READ);
        api.admin().get(KEYS + "/" + key.getString("id")).then().body("lastUsedAt", nullValue());

        withKey(key.getString("secret")).get("/api/projects").then().statusCode(200);

        String lastUsedAt = null;
        for (int i = 0; i < 50 && lastUsedAt == null; i++) {
            Thread.sleep(100);
            lastUsedAt = api.admin()
                    .get(KEYS + "/" + key.getString("id"))
                    .then()
                    .extract()
                    .path("lastUsedAt");
        }
        assertThat(lastUsedAt).isNotNull();
        assertThat(Instant.parse(lastUsedAt)).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void createAndRevokeArePublishedWithTheSecretHashNeverTheSecret() throws IOException {
        JsonPath key = create(TestTokens.READ);
        String id = key.getString("id");
        String secret = key.getString("secret");
        api.admin().delete(KEYS + "/" + id).then().statusCode(204);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(
                        Topic.RULES.topicName(),
                        Duration.ofSeconds(60),
                        read -> read.stream().filter(r -> r.key().equals(id)).count() >= 2)
                .stream()
                .filter(r -> r.key().equals(id))
                .toList();
        assertThat(records).hasSize(2);
        assertThat(records.stream().map(r -> TopicReader.header(r, "ce_type")).toList())
                .containsExactly("dev.ipfence.apiKey.created", "dev.ipfence.apiKey.updated");
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(new String(record.value())).doesNotContain(secret).doesNotContain(secret.substring(37));
        }
        JsonNode created = JSON.readTree(records.get(0).value());
        assertThat(created.get("orgId").asText()).isEqualTo(api.org.toString());
        assertThat(created.get("entity").get("secretHash").asText()).isEqualTo(ApiKeySecrets.hash(secret));
        assertThat(created.get("entity").get("roles").get(0).asText()).isEqualTo(TestTokens.READ);
        JsonNode revoked = JSON.readTree(records.get(1).value());
        assertThat(revoked.get("version").asLong()).isEqualTo(2);
        assertThat(revoked.get("entity").get("revokedAt").isNull()).isFalse();
        assertThat(revoked.get("previous").get("revokedAt").isNull()).isTrue();
    }
}
