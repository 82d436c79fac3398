package dev.ipfence.console.web;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** A fresh RSA key for the development sign-in of a test, written where the console reads it. */
public class DevSignInKey implements QuarkusTestResourceLifecycleManager {

    static final String ORG = UUID.randomUUID().toString();
    static final String SECRET = "console-test-session-secret-" + UUID.randomUUID();
    static PublicKey publicKey;

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            publicKey = pair.getPublic();
            Path file = Files.createTempFile("console-dev-key", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(
                    file,
                    "-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder()
                                    .encodeToString(pair.getPrivate().getEncoded())
                            + "\n-----END PRIVATE KEY-----\n");
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "false",
                    "ipfence.console.dev-sign-in.enabled", "true",
                    "ipfence.console.dev-sign-in.key-file", file.toString(),
                    "ipfence.console.dev-sign-in.org", ORG,
                    "ipfence.console.session-secret", SECRET,
                    // nothing listens there: pages show the services as unreachable
                    "ipfence.console.rules-url", "http://127.0.0.1:9",
                    "ipfence.console.enforcement-url", "http://127.0.0.1:9",
                    "ipfence.console.audit-url", "http://127.0.0.1:9");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}
}
