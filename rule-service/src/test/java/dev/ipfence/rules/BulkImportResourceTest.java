package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.ipfence.testing.IpfenceServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class BulkImportResourceTest {

    private static final Logger LOG = Logger.getLogger(BulkImportResourceTest.class);

    private final Api api = new Api();

    @Test
    void mixedGoodDuplicateAndBadEntriesAreCreatedSkippedAndReported() {
        UUID env = api.environment(api.project("p"), "e");
        String base = "/api/environments/" + env + "/ip-access-rules";
        api.rule("environments/" + env, Map.of("cidr", "192.0.2.0/24", "trafficScopes", List.of("http")));

        String cidrs = """
                # office networks
                203.0.113.0/24, 198.51.100.7
                192.0.2.0/24            # already there with the same traffic scope: skipped
                010.0.0.1 10.0.0.5/24   # two bad entries
                2001:DB8::/32
                203.0.113.0/24          # repeated in this request: skipped
                10.9.0.1-10.9.0.9
                """;
        api.admin()
                .body(Map.of("cidrs", cidrs, "label", "imported", "trafficScopes", List.of("http")))
                .post(base + "/bulk")
                .then()
                .statusCode(200)
                .body("created", equalTo(4))
                .body("skipped", equalTo(2))
                .body("errors", hasSize(2))
                .body("errors[0]", containsString("entry 4: \"010.0.0.1\""))
                .body(
                        "errors[1]",
                        containsString("entry 5: \"10.0.0.5/24\" has host bits set: did you mean 10.0.0.0/24?"));

        List<String> stored = api.admin()
                .get(base)
                .then()
                .statusCode(200)
                .body("total", equalTo(5))
                .extract()
                .path("rules.collect { it.cidr ?: it.range.from + '-' + it.range.to }");
        assertThat(stored)
                .containsExactlyInAnyOrder(
                        "192.0.2.0/24", "203.0.113.0/24", "198.51.100.7/32", "2001:db8::/32", "10.9.0.1-10.9.0.9");
        List<String> labels = api.admin().get(base).then().extract().path("rules.label");
        assertThat(labels).containsOnly(null, "imported");
    }

    @Test
    void theSameAddressWithAnotherActionOrTrafficScopeIsNotADuplicate() {
        String base = "/api/org/ip-access-rules";
        api.rule("org", Map.of("cidr", "192.0.2.0/24"));
        api.admin()
                .body(Map.of("cidrs", "192.0.2.0/24", "action", "deny"))
                .post(base + "/bulk")
                .then()
                .body("created", equalTo(1));
        api.admin()
                .body(Map.of("cidrs", "192.0.2.0/24", "trafficScopes", List.of("ssh")))
                .post(base + "/bulk")
                .then()
                .body("created", equalTo(1));
        api.admin()
                .body(Map.of("cidrs", "192.0.2.0/24"))
                .post(base + "/bulk")
                .then()
                .body("created", equalTo(0))
                .body("skipped", equalTo(1));
    }

    @Test
    void sharedFieldsAreValidatedOnceAndABadOneRefusesTheWholeImport() {
        String base = "/api/org/ip-access-rules";
        api.admin()
                .body(Map.of("cidrs", "10.0.0.0/8", "trafficScopes", List.of("Bad Scope")))
                .post(base + "/bulk")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("trafficScopes"));
        api.admin()
                .body(Map.of("label", "no cidrs"))
                .post(base + "/bulk")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cidrs"));
        api.admin().get(base).then().body("total", equalTo(0));
    }

    @Test
    void tenThousandEntriesImportInOneCallAndTheScopeCapHolds() {
        UUID env = api.environment(api.project("p"), "big");
        String base = "/api/environments/" + env + "/ip-access-rules";
        String cidrs = IntStream.range(0, 10_000)
                .mapToObj(i -> "10." + (i >> 8) + "." + (i & 255) + ".0/24")
                .collect(Collectors.joining("\n"));
        long started = System.nanoTime();
        api.admin()
                .body(Map.of("cidrs", cidrs))
                .post(base + "/bulk")
                .then()
                .statusCode(200)
                .body("created", equalTo(10_000))
                .body("errors", hasSize(0));
        LOG.infof("bulk import of 10,000 entries took %d ms", (System.nanoTime() - started) / 1_000_000);

        api.admin()
                .body(Map.of("cidrs", cidrs + "\n192.0.2.1"))
                .post(base + "/bulk")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cidrs"))
                .body("errors[0].message", equalTo("at most 10000 entries per import, got 10001"));
        // the test profile caps a scope at 10,005 rules
        for (int i = 1; i <= 5; i++) {
            api.rule("environments/" + env, Map.of("cidr", "192.0.2." + i));
        }
        QuotaResourceTest.assertQuotaExceeded(
                api.admin().body(Map.of("cidr", "192.0.2.6")).post(base),
                "ipfence.rules.max-rules-per-scope",
                10_005,
                10_005,
                1,
                "The environment scope holds 10005 rules; the limit is 10005 (ipfence.rules.max-rules-per-scope):"
                        + " adding 1 would pass it, 0 fit. Nothing was created.");
        api.admin().get(base).then().body("total", equalTo(10_005));
    }
}
