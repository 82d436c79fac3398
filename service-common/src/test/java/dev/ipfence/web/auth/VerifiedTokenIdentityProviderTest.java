package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VerifiedTokenIdentityProviderTest {

    private static final String TOKEN = "header.payload.signature";

    private final VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(30), 10);
    private final VerifiedTokenIdentityProvider provider = new VerifiedTokenIdentityProvider(tokens);

    private final AuthenticationRequestContext context = new AuthenticationRequestContext() {
        @Override
        public Uni<SecurityIdentity> runBlocking(Supplier<SecurityIdentity> function) {
            return Uni.createFrom().item(function);
        }
    };

    private SecurityIdentity authenticate(String token) {
        return provider.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), context)
                .await()
                .indefinitely();
    }

    @Test
    void aKeptTokenIsAnsweredWithTheAuthenticationContextOfItsRequest() {
        tokens.remember(
                TOKEN,
                Instant.now().plusSeconds(3600),
                QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("tester"))
                        .addAttribute(AuthenticationRequestContext.class.getName(), "the first request's")
                        .build());

        SecurityIdentity found = authenticate(TOKEN);

        assertThat(found.getPrincipal().getName()).isEqualTo("tester");
        assertThat((Object) found.getAttribute(AuthenticationRequestContext.class.getName()))
                .isSameAs(context);
    }

    @Test
    void aTokenNotKeptIsLeftToTheNextProvider() {
        assertThat(authenticate("another.token.signature")).isNull();
    }
}
