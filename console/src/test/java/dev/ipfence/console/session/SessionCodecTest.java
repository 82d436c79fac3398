package dev.ipfence.console.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionCodecTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final SessionCodec codec = new SessionCodec(secret("a-secret-of-at-least-thirty-two-bytes"));
    private final Session session =
            new Session("dev-admin", Set.of(Session.READ, Session.WRITE), "header.payload.sig", NOW.plusSeconds(60));

    @Test
    void roundTripsASession() {
        assertThat(codec.decode(codec.encode(session), NOW)).contains(session);
    }

    @Test
    void cookieDoesNotShowTheToken() {
        String cookie = codec.encode(session);
        String decoded = new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("header.payload.sig").doesNotContain("dev-admin");
    }

    @Test
    void rejectsATamperedCookie() {
        byte[] bytes = Base64.getUrlDecoder().decode(codec.encode(session));
        bytes[bytes.length - 5] ^= 1;
        assertThat(codec.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), NOW))
                .isEmpty();
    }

    @Test
    void rejectsACookieSealedWithAnotherSecret() {
        SessionCodec other = new SessionCodec(secret("another-secret-of-at-least-32-bytes!"));
        assertThat(codec.decode(other.encode(session), NOW)).isEmpty();
    }

    @Test
    void rejectsAnExpiredSessionFromItsExpiryOn() {
        String cookie = codec.encode(session);
        assertThat(codec.decode(cookie, NOW.plusSeconds(59))).isPresent();
        assertThat(codec.decode(cookie, NOW.plusSeconds(60))).isEmpty();
    }

    @Test
    void rejectsGarbage() {
        assertThat(codec.decode("not base64 !", NOW)).isEmpty();
        assertThat(codec.decode("", NOW)).isEmpty();
        assertThat(codec.decode(null, NOW)).isEmpty();
        assertThat(codec.decode("AAAA", NOW)).isEmpty();
    }

    @Test
    void csrfTokenMatchesOnlyItsOwnCookie() {
        String token = codec.csrfToken("cookie-1");
        assertThat(codec.csrfMatches("cookie-1", token)).isTrue();
        assertThat(codec.csrfMatches("cookie-2", token)).isFalse();
        assertThat(codec.csrfMatches("cookie-1", token + "x")).isFalse();
        assertThat(codec.csrfMatches(null, token)).isFalse();
        assertThat(codec.csrfMatches("cookie-1", null)).isFalse();
        assertThat(codec.csrfMatches("", codec.csrfToken(""))).isFalse();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> new SessionCodec(secret("short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    private static byte[] secret(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
