package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.enforcement.decisions.ForwardAuthIdentity.Outcome;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identity headers of an authenticating proxy: believed from a trusted proxy only, without Quarkus. */
class TrustedIdentityHeadersTest {

    private static final ClientAddresses CLIENTS = new ClientAddresses(List.of("10.0.0.5/32", "2001:db8::/64"), 1);

    private static TrustedIdentityHeaders headers(boolean enabled) {
        return new TrustedIdentityHeaders(
                enabled,
                "X-Auth-Request-User",
                "X-Auth-Request-Email",
                "X-Auth-Request-Groups",
                "X-Auth-Request-Department",
                CLIENTS);
    }

    private static MultiMap alice() {
        return MultiMap.caseInsensitiveMultiMap()
                .add("x-auth-request-user", "alice")
                .add("X-Auth-Request-Email", "alice@example.com")
                .add("X-Auth-Request-Groups", "engineering, oncall,,")
                .add("X-Auth-Request-Groups", "admins")
                .add("X-Auth-Request-Department", "Engineering");
    }

    @Test
    void aTrustedProxysHeadersNameTheUser() {
        var found = headers(true).read(alice(), "10.0.0.5");
        assertThat(found.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(found.user().id()).isEqualTo("alice");
        assertThat(found.user().email()).isEqualTo("alice@example.com");
        assertThat(found.user().groups()).containsExactly("engineering", "oncall", "admins");
        assertThat(found.user().department()).isEqualTo("Engineering");
        assertThat(found.user().attributes()).isEmpty();
        assertThat(headers(true).read(alice(), "2001:db8::7").outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void fromAnyOtherPeerTheHeadersAreIgnored() {
        for (String peer : new String[] {"10.0.0.6", "127.0.0.1", "2001:db8:1::7", "garbage", "", null}) {
            var found = headers(true).read(alice(), peer);
            assertThat(found.user()).as(String.valueOf(peer)).isNull();
            assertThat(found.outcome()).isEqualTo(Outcome.UNTRUSTED_PEER);
        }
    }

    @Test
    void offByDefaultAndWithoutAUserHeaderThereIsNothingToRead() {
        assertThat(headers(false).read(alice(), "10.0.0.5")).isNull();
        MultiMap noUser = alice().remove("X-Auth-Request-User");
        assertThat(headers(true).read(noUser, "10.0.0.5")).isNull();
    }

    @Test
    void headersOverTheLimitsNameNoUser() {
        MultiMap longId = alice().set("X-Auth-Request-User", "a".repeat(IdentityLimits.MAX_STRING + 1));
        assertThat(headers(true).read(longId, "10.0.0.5").outcome()).isEqualTo(Outcome.OVER_LIMITS);
        MultiMap manyGroups =
                alice().set("X-Auth-Request-Groups", String.join(",", java.util.Collections.nCopies(1_001, "g")));
        var found = headers(true).read(manyGroups, "10.0.0.5");
        assertThat(found.user()).isNull();
        assertThat(found.outcome()).isEqualTo(Outcome.OVER_LIMITS);
    }
}
