package dev.ipfence.console.session;

import dev.ipfence.console.ConsoleConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/** Bearer tokens signed with the local development key, as {@code ./ipfence token} mints them. */
public final class DevTokenMinter {

    private final PrivateKey key;
    private final String issuer;
    private final String audience;
    private final String org;

    public DevTokenMinter(ConsoleConfig.DevSignIn config) {
        Path file = config.keyFile()
                .orElseThrow(() -> new IllegalStateException(
                        "ipfence.console.dev-sign-in.key-file is required with the development sign-in"));
        this.org = config.org()
                .map(DevTokenMinter::uuid)
                .orElseThrow(() -> new IllegalStateException(
                        "ipfence.console.dev-sign-in.org is required with the development sign-in"));
        this.key = readPrivateKey(file);
        this.issuer = config.issuer();
        this.audience = config.audience();
    }

    public String org() {
        return org;
    }

    public String mint(String subject, List<String> roles, Instant now, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setClaim("org_id", org);
        claims.setStringListClaim("groups", roles);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign the development token", e);
        }
    }

    private static String uuid(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "ipfence.console.dev-sign-in.org must be an organization UUID, got \"" + value + "\"");
        }
    }

    private static PrivateKey readPrivateKey(Path file) {
        try {
            String base64 = Files.readString(file, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("could not read the development key " + file + ": " + e.getMessage(), e);
        }
    }
}
