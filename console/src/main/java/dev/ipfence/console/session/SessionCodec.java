package dev.ipfence.console.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session cookie's value: the session encrypted and authenticated with AES-256-GCM, so the
 * token never reaches the browser's scripts in a readable form and a tampered cookie is no session.
 * Also derives the CSRF token that belongs to a cookie value.
 */
public final class SessionCodec {

    private static final int NONCE_BYTES = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec macKey;
    private final SecureRandom random = new SecureRandom();

    public SessionCodec(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the session secret must have at least 32 bytes");
        }
        this.encryptionKey = new SecretKeySpec(derive(secret, "session-encryption"), "AES");
        this.macKey = new SecretKeySpec(derive(secret, "csrf"), "HmacSHA256");
    }

    public String encode(Session session) {
        ObjectNode node = JSON.createObjectNode()
                .put("sub", session.subject())
                .put("token", session.token())
                .put("exp", session.expiresAt().getEpochSecond());
        session.roles().forEach(node.putArray("roles")::add);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(node));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not seal the session", e);
        }
    }

    /** The session in {@code value}; empty when it is malformed, tampered with or expired at {@code now}. */
    public Optional<Session> decode(String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(value);
            if (bytes.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            var node = JSON.readTree(plain);
            Instant expires = Instant.ofEpochSecond(node.path("exp").asLong(0));
            if (!now.isBefore(expires)) {
                return Optional.empty();
            }
            Set<String> roles = new HashSet<>();
            node.path("roles").forEach(role -> roles.add(role.asText()));
            return Optional.of(new Session(
                    node.path("sub").asText(),
                    Set.copyOf(roles),
                    node.path("token").asText(),
                    expires));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The CSRF token a change must carry along with the cookie whose value is {@code binding}. */
    public String csrfToken(String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(binding.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code token} is the CSRF token of {@code binding}, compared in constant time. */
    public boolean csrfMatches(String binding, String token) {
        if (binding == null || binding.isEmpty() || token == null) {
            return false;
        }
        return MessageDigest.isEqual(
                csrfToken(binding).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] derive(byte[] secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
