package dev.ipfence.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Real signed bearer tokens for tests, from the test key pair the services trust in tests. */
public final class TestTokens {

    public static final String ISSUER = "https://ipfence.test/issuer";
    public static final String AUDIENCE = "ipfence";
    public static final String READ = "ip-access:read";
    public static final String WRITE = "ip-access:write";

    private TestTokens() {}

    /** A token of {@code org} for the subject "tester" with the given roles, valid for an hour. */
    public static String token(UUID org, String... roles) {
        return builder().org(org).roles(roles).sign();
    }

    /** A token of {@code org} with read and write. */
    public static String admin(UUID org) {
        return token(org, READ, WRITE);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static String publicKeyPem() {
        return resource("public.pem");
    }

    public static final class Builder {
        private String subject = "tester";
        private UUID org = UUID.randomUUID();
        private String[] roles = {READ, WRITE};
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private Instant expiresAt = Instant.now().plus(Duration.ofHours(1));
        private String keyFile = "private.pem";
        private boolean withOrg = true;
        private Instant notBefore;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder org(UUID org) {
            this.org = org;
            return this;
        }

        public Builder withoutOrg() {
            this.withOrg = false;
            return this;
        }

        public Builder roles(String... roles) {
            this.roles = roles.clone();
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder expiredAgo(Duration ago) {
            this.expiresAt = Instant.now().minus(ago);
            return this;
        }

        /** Expires {@code in} from now ({@code exp}, whole seconds). */
        public Builder expiresIn(Duration in) {
            this.expiresAt = Instant.now().plus(in);
            return this;
        }

        /** Not valid before {@code from} ({@code nbf}); issued then too, so only {@code nbf} and {@code iat} tell. */
        public Builder notBefore(Instant from) {
            this.notBefore = from;
            return this;
        }

        /** One more claim ({@code email}, {@code department}, {@code attributes}, ...); strings, numbers, lists, maps. */
        public Builder claim(String name, Object value) {
            extra.put(name, value);
            return this;
        }

        /** Signed by a key the services do not trust. */
        public Builder signedByUnknownKey() {
            this.keyFile = "other-private.pem";
            return this;
        }

        public String sign() {
            JwtClaimsBuilder claims = Jwt.issuer(issuer)
                    .audience(audience)
                    .subject(subject)
                    .groups(new HashSet<>(Arrays.asList(roles)))
                    .issuedAt(expiresAt.minus(Duration.ofHours(1)))
                    .expiresAt(expiresAt);
            if (withOrg) {
                claims.claim("org_id", org.toString());
            }
            extra.forEach(claims::claim);
            if (notBefore != null) {
                claims.issuedAt(notBefore).claim("nbf", notBefore.getEpochSecond());
                if (!expiresAt.isAfter(notBefore)) {
                    claims.expiresAt(notBefore.plus(Duration.ofHours(1)));
                }
            }
            return claims.jws().sign(privateKey(keyFile));
        }
    }

    private static PrivateKey privateKey(String file) {
        try {
            return KeyUtils.decodePrivateKey(resource(file));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("test key " + file + " is unreadable", e);
        }
    }

    private static String resource(String file) {
        try (InputStream in = TestTokens.class.getResourceAsStream("/ipfence-test-keys/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test key " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
