package dev.ipfence.web.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API key secret: {@code ipf_<key id, 32 hex digits>_<256 random bits, 43 base64url
 * characters>}. The prefix makes a leaked key recognisable (secret scanners), the id finds the key
 * without a search, and only the SHA-256 of the whole secret is stored: the secret is 256 bits of
 * {@link SecureRandom}, so a slow hash would add nothing.
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "ipf_";
    private static final Pattern FORMAT = Pattern.compile("ipf_([0-9a-f]{32})_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private ApiKeySecrets() {}

    /** A new secret for the key {@code id}. */
    public static String generate(UUID id) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + compact(id) + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** What a listing may show of a key: its prefix and id, never a bit of the random part. */
    public static String displayPrefix(UUID id) {
        return PREFIX + compact(id);
    }

    /** The key id a secret names, or null when it is not a secret of this format. */
    public static UUID idOf(String secret) {
        if (secret == null) {
            return null;
        }
        Matcher matcher = FORMAT.matcher(secret);
        if (!matcher.matches()) {
            return null;
        }
        String hex = matcher.group(1);
        return new UUID(
                Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /** The lowercase hex SHA-256 of the secret: the only form of it that is stored or published. */
    public static String hash(String secret) {
        return HEX.formatHex(sha256(secret));
    }

    /** Whether {@code secret} hashes to {@code expectedHash}, compared in constant time. */
    public static boolean matches(String secret, String expectedHash) {
        if (secret == null || expectedHash == null || expectedHash.length() != 64) {
            return false;
        }
        byte[] expected;
        try {
            expected = HEX.parseHex(expectedHash.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), expected);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String compact(UUID id) {
        return id.toString().replace("-", "");
    }
}
