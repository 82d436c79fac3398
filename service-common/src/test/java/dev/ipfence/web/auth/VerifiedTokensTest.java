package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final String TOKEN = "header.payload.signature";
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String BLOCKING = AuthenticationRequestContext.class.getName();

    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private long elapsedNanos;

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return start.plusNanos(elapsedNanos);
        }
    };

    private VerifiedTokens tokens(Duration ttl, int maxSize) {
        return new VerifiedTokens(ttl, maxSize, clock, () -> elapsedNanos);
    }

    private void pass(Duration time) {
        elapsedNanos += time.toNanos();
    }

    private static SecurityIdentity identity(Object routingContext) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("tester"))
                .addRole("ip-access:write")
                .addAttribute(ClaimMappingAugmentor.ORGANIZATION, "org")
                .addAttribute(ROUTING_CONTEXT, routingContext)
                .addAttribute(BLOCKING, "blocking of " + routingContext)
                .build();
    }

    @Test
    void aVerifiedTokenIsFoundWithTheRolesAndAttributesItGave() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(30), 10);
        tokens.remember(TOKEN, start.plusSeconds(3600), identity("first request"));

        SecurityIdentity found = tokens.find(TOKEN, Map.of());

        assertThat(found.getPrincipal().getName()).isEqualTo("tester");
        assertThat(found.getRoles()).containsExactly("ip-access:write");
        assertThat((String) found.getAttribute(ClaimMappingAugmentor.ORGANIZATION))
                .isEqualTo("org");
        assertThat(tokens.find("another.token.signature", Map.of())).isNull();
    }

    @Test
    void aFoundIdentityCarriesTheRoutingContextOfTheRequestThatFoundIt() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(30), 10);
        tokens.remember(TOKEN, start.plusSeconds(3600), identity("first request"));

        SecurityIdentity found =
                tokens.find(TOKEN, Map.of(ROUTING_CONTEXT, "second request", BLOCKING, "its blocking"));
        SecurityIdentity withoutRequest = tokens.find(TOKEN, Map.of());

        assertThat((Object) found.getAttribute(ROUTING_CONTEXT)).isEqualTo("second request");
        assertThat((Object) found.getAttribute(BLOCKING)).isEqualTo("its blocking");
        assertThat(withoutRequest.getAttributes()).doesNotContainKeys(ROUTING_CONTEXT, BLOCKING);
    }

    @Test
    void aFoundIdentityHasThePermissionsCopiedNotAskedOfTheIdentityItCameFrom() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(30), 10);
        int[] asked = {0};
        SecurityIdentity verified = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("tester"))
                .addPermissionAsString("read-rules")
                .addPermissionChecker(permission -> {
                    asked[0]++;
                    return Uni.createFrom().item(false);
                })
                .build();
        tokens.remember(TOKEN, start.plusSeconds(3600), verified);

        SecurityIdentity found = tokens.find(TOKEN, Map.of());

        assertThat(found.checkPermissionBlocking(new StringPermission("read-rules")))
                .isTrue();
        assertThat(found.checkPermissionBlocking(new StringPermission("write-rules")))
                .isFalse();
        assertThat(asked[0]).as("the verified identity's own checkers").isZero();
    }

    @Test
    void aTokenIsNotFoundOnceItExpiredEvenWithinTheTtl() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(30), 10);
        tokens.remember(TOKEN, start.plusSeconds(5), identity("request"));

        pass(Duration.ofMillis(4_999));
        assertThat(tokens.find(TOKEN, Map.of())).isNotNull();
        pass(Duration.ofMillis(1));
        assertThat(tokens.find(TOKEN, Map.of())).isNull();
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheTtl() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(30), 10);
        tokens.remember(TOKEN, start.plusSeconds(3600), identity("request"));

        pass(Duration.ofSeconds(29));
        assertThat(tokens.find(TOKEN, Map.of())).isNotNull();
        pass(Duration.ofSeconds(1));
        assertThat(tokens.find(TOKEN, Map.of())).isNull();
    }

    @Test
    void anExpiredTokenIsNotKept() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(30), 10);
        tokens.remember(TOKEN, start, identity("request"));

        assertThat(tokens.find(TOKEN, Map.of())).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTtlOrASizeOfZeroKeepsNothing() {
        for (VerifiedTokens tokens :
                new VerifiedTokens[] {tokens(Duration.ZERO, 10), tokens(Duration.ofSeconds(30), 0)}) {
            tokens.remember(TOKEN, start.plusSeconds(3600), identity("request"));
            assertThat(tokens.find(TOKEN, Map.of())).isNull();
        }
    }

    @Test
    void aNegativeSettingIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> tokens(Duration.ofSeconds(-1), 10))
                .hasMessageContaining("ipfence.auth.token-cache-ttl")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> tokens(Duration.ofSeconds(30), -1))
                .hasMessageContaining("ipfence.auth.token-cache-max-size")
                .hasMessageContaining("-1");
    }
}
