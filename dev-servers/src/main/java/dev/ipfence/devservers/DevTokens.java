package dev.ipfence.devservers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * The local development key and the bearer tokens signed with it ({@code ./ipfence token}).
 * The services started by {@code ./ipfence up} trust the public half; nothing else does.
 *
 * <pre>
 * DevTokens keygen DIR
 * DevTokens mint --key FILE --issuer ISS --audience AUD --org UUID [--roles a,b] [--ttl SECONDS] [--subject NAME]
 * </pre>
 */
public final class DevTokens {

    private DevTokens() {}

    public static void main(String[] args) throws Exception {
        try {
            if (args.length < 2) {
                throw new IllegalArgumentException(
                        "usage: DevTokens keygen DIR | DevTokens mint --key FILE --org UUID ...");
            }
            switch (args[0]) {
                case "keygen" -> keygen(Path.of(args[1]));
                case "mint" -> System.out.println(mint(Arrays.copyOfRange(args, 1, args.length)));
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ipfence token: " + e.getMessage());
            System.exit(2);
        }
    }

    static void keygen(Path dir) throws Exception {
        Path privateFile = dir.resolve("private.pem");
        Path publicFile = dir.resolve("public.pem");
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return;
        }
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    static String mint(String[] args) throws Exception {
        Path key = null;
        String issuer = "https://ipfence.local/dev";
        String audience = "ipfence";
        String org = null;
        String subject = "dev-admin";
        List<String> roles = List.of("ip-access:read", "ip-access:write");
        long ttl = 3600;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--key" -> key = Path.of(value);
                case "--issuer" -> issuer = value;
                case "--audience" -> audience = value;
                case "--org" -> org = uuid(value);
                case "--subject" -> subject = value;
                case "--roles" -> roles = value.isBlank() ? List.of() : List.of(value.split(","));
                case "--ttl" -> ttl = seconds(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (key == null || org == null) {
            throw new IllegalArgumentException("--key and --org are required");
        }
        if (ttl <= 0) {
            throw new IllegalArgumentException("--ttl must be a positive number of seconds, got " + ttl);
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setClaim("org_id", org);
        claims.setStringListClaim("groups", roles);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + ttl));
        claims.setGeneratedJwtId();

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(readPrivateKey(key));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    private static String uuid(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--org must be an organization UUID, got \"" + value + "\"");
        }
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ttl must be a number of seconds, got \"" + value + "\"");
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws Exception {
        String base64 = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
