package dev.ipfence.enforcement;

import static dev.ipfence.enforcement.DecisionResourceTest.awaitDecision;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.enforcement.state.OrganizationShard;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A replica configured as shard 1 of 2: it decides for its organizations and denies the others'. */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
@TestProfile(ShardedReplicaResourceTest.ShardOneOfTwo.class)
class ShardedReplicaResourceTest {

    public static class ShardOneOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ipfence.enforcement.shard.count", "2", "ipfence.enforcement.shard.index", "1");
        }
    }

    private static final Pattern OTHER_SHARD_RECORDS =
            Pattern.compile("(?m)^ipfence_rules_records_other_shard\\S* ([0-9.E]+)$");

    private final RuleEvents mine = inShard(1);
    private final RuleEvents theirs = inShard(0);

    @AfterEach
    void close() {
        mine.close();
        theirs.close();
    }

    @Test
    void decidesForItsOwnOrganizationsAndDeniesTheOthersWithOtherShard() throws InterruptedException {
        UUID myEnv = mine.environment();
        UUID theirEnv = theirs.environment();
        double leftOutBefore = otherShardRecords();
        // the same allow list in both: only this replica's organization may see its allow
        theirs.rule("environment", theirEnv, "203.0.113.0/24", "allow", List.of());
        mine.rule("environment", myEnv, "203.0.113.0/24", "allow", List.of());
        awaitDecision(myEnv, "203.0.113.5", null, r -> r.path("reason").equals("ALLOW_RULE"));
        awaitDecision(myEnv, "198.51.100.1", null, r -> r.path("reason").equals("NOT_ALLOWLISTED"));
        awaitDecision(theirEnv, "203.0.113.5", null, r -> r.path("reason").equals("OTHER_SHARD"))
                .then()
                .body("decision", equalTo("DENY"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (otherShardRecords() < leftOutBefore + 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(otherShardRecords())
                .as("the other organization's rule is left out and counted")
                .isGreaterThanOrEqualTo(leftOutBefore + 1);
        given().queryParam("environmentId", theirEnv)
                .header("X-Forwarded-For", "203.0.113.5")
                .get("/v1/forward-auth")
                .then()
                .statusCode(403);
    }

    private static RuleEvents inShard(int shard) {
        while (true) {
            RuleEvents events = new RuleEvents();
            if (OrganizationShard.of(events.org, 2) == shard) {
                return events;
            }
            events.close();
        }
    }

    private static double otherShardRecords() {
        Matcher found = OTHER_SHARD_RECORDS.matcher(
                given().get("/q/metrics").then().extract().asString());
        return found.find() ? Double.parseDouble(found.group(1)) : -1;
    }
}
