package dev.ipfence.web.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.events.ApiKeyState;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeyIdentityProviderTest {

    private final ApiKeyIdentityProvider provider = new ApiKeyIdentityProvider(new NoApiKeys());
    private final UUID id = UUID.randomUUID();
    private final UUID org = UUID.randomUUID();
    private final String secret = ApiKeySecrets.generate(id);
    private final Instant now = Instant.parse("2030-01-01T00:00:00Z");

    private ApiKeyDirectory.Entry key(Instant expiresAt, Instant revokedAt) {
        return new ApiKeyDirectory.Known(new ApiKeyState(
                id,
                org,
                "ci",
                List.of("ip-access:read"),
                ApiKeySecrets.hash(secret),
                expiresAt,
                revokedAt,
                now,
                now,
                "tester",
                "tester",
                1));
    }

    private static String detail(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return ApiKeyRejected.in(e).detail();
        }
        throw new AssertionError("the key was accepted");
    }

    @Test
    void aValidKeyIsAnIdentityWithItsRolesAndOrganization() {
        SecurityIdentity identity = provider.identity(id, secret, key(now.plusSeconds(1), null), now);
        assertThat(identity.getRoles()).containsExactly("ip-access:read");
        assertThat(identity.getPrincipal()).isEqualTo(new ApiKeyPrincipal(id, org, "ci"));
        assertThat(identity.getPrincipal().getName()).isEqualTo("apikey:" + id);
        assertThat(identity.isAnonymous()).isFalse();
    }

    @Test
    void revokedAndExpiredKeysAreRefusedSayingWhich() {
        assertThat(detail(() -> provider.identity(id, secret, key(null, now.minusSeconds(1)), now)))
                .contains("revoked");
        assertThat(detail(() -> provider.identity(id, secret, key(now, null), now)))
                .contains("expired");
    }

    @Test
    void aWrongSecretAnUnknownAndARefusedKeyAllGetTheSameAnswerBeforeRevokedOrExpiredIsTold() {
        String wrong = ApiKeySecrets.generate(id);
        String unknown = detail(() -> provider.identity(id, secret, ApiKeyDirectory.UNKNOWN, now));
        assertThat(detail(() -> provider.identity(id, wrong, key(null, now.minusSeconds(1)), now)))
                .isEqualTo(unknown);
        assertThat(detail(() -> provider.identity(id, secret, new ApiKeyDirectory.Refused("bad record"), now)))
                .isEqualTo(unknown);
        assertThatThrownBy(() -> provider.identity(id, secret, ApiKeyDirectory.UNKNOWN, now))
                .isInstanceOf(io.quarkus.security.AuthenticationFailedException.class);
    }
}
