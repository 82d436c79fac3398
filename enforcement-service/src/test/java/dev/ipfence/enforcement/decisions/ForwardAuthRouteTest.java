package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.common.EnforcementConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a forward-auth answer carries, without Quarkus. The resource tests run with the decision
 * headers on (the test profile); this is the shipped default, read from the real
 * application.properties as production reads it (no profile).
 */
class ForwardAuthRouteTest {

    private static final IpAddress CLIENT = Addresses.parseAddress("198.51.100.1");

    @Test
    void productionSendsNoDecisionHeadersAndTrustsNoProxyUnlessConfigured() throws IOException {
        EnforcementConfig config = productionConfig();
        assertThat(config.forwardAuth().decisionHeaders()).isFalse();
        assertThat(config.trustedHops()).isEqualTo(1);
        assertThat(config.trustedProxies()).isEmpty();
    }

    @Test
    void withoutDecisionHeadersADenialCarriesOnlyItsStatus() {
        for (Decision.Reason reason : Decision.Reason.values()) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            assertThat(ForwardAuthRoute.answer(headers, Decision.without(Action.DENY, reason), CLIENT, false))
                    .isEqualTo(403);
            assertThat(headers.isEmpty()).as("headers of a %s denial", reason).isTrue();
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        assertThat(ForwardAuthRoute.answer(
                        headers, Decision.without(Action.ALLOW, Decision.Reason.NO_RULES), CLIENT, false))
                .isEqualTo(200);
        assertThat(headers.isEmpty()).isTrue();
    }

    @Test
    void withDecisionHeadersTheAnswerSaysWhy() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        assertThat(ForwardAuthRoute.answer(
                        headers, Decision.without(Action.DENY, Decision.Reason.NOT_ALLOWLISTED), CLIENT, true))
                .isEqualTo(403);
        assertThat(headers.entries())
                .extracting(e -> e.getKey() + ": " + e.getValue())
                .containsExactlyInAnyOrder(
                        "X-Ipfence-Decision: DENY",
                        "X-Ipfence-Reason: NOT_ALLOWLISTED",
                        "X-Ipfence-Client-Ip: 198.51.100.1");
        MultiMap missing = MultiMap.caseInsensitiveMultiMap();
        assertThat(ForwardAuthRoute.answer(
                        missing, Decision.without(Action.DENY, Decision.Reason.MISSING_CLIENT_IP), null, true))
                .isEqualTo(403);
        assertThat(missing.entries())
                .extracting(e -> e.getKey() + ": " + e.getValue())
                .containsExactlyInAnyOrder("X-Ipfence-Decision: DENY", "X-Ipfence-Reason: MISSING_CLIENT_IP");
    }

    @Test
    void productionReadsNoIdentityHeadersAndTheUsualClaimsUnlessConfigured() throws IOException {
        EnforcementConfig.ForwardAuth config = productionConfig().forwardAuth();
        assertThat(config.identityHeaders().enabled()).isFalse();
        assertThat(config.identityHeaders().user()).isEqualTo("X-Auth-Request-User");
        assertThat(config.identityHeaders().email()).isEqualTo("X-Auth-Request-Email");
        assertThat(config.identityHeaders().groups()).isEqualTo("X-Auth-Request-Groups");
        assertThat(config.identityHeaders().department()).isEqualTo("X-Auth-Request-Department");
        assertThat(config.identity().groupsClaim()).isEqualTo("groups");
        assertThat(config.identity().departmentClaim()).isEqualTo("department");
    }

    @Test
    void aPolicyDecisionNamesItsPolicy() {
        UUID policy = UUID.randomUUID();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        assertThat(ForwardAuthRoute.answer(
                        headers,
                        Decision.byPolicy(Action.ALLOW, Decision.Reason.POLICY_ALLOW, policy, null),
                        CLIENT,
                        true))
                .isEqualTo(200);
        assertThat(headers.get("X-Ipfence-Policy-Id")).isEqualTo(policy.toString());
        assertThat(headers.get("X-Ipfence-Reason")).isEqualTo("POLICY_ALLOW");
        MultiMap off = MultiMap.caseInsensitiveMultiMap();
        ForwardAuthRoute.answer(
                off, Decision.byPolicy(Action.DENY, Decision.Reason.POLICY_DENY, policy, null), CLIENT, false);
        assertThat(off.isEmpty()).isTrue();
    }

    /** The service's own application.properties, without a profile, as the packaged service reads it. */
    private static EnforcementConfig productionConfig() throws IOException {
        URL properties = ForwardAuthRouteTest.class.getClassLoader().getResource("application.properties");
        assertThat(properties).isNotNull();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties))
                // Quarkus' short form ("1s"), as the service reads it
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(EnforcementConfig.class)
                .build();
        return config.getConfigMapping(EnforcementConfig.class);
    }
}
