package dev.ipfence.web.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/** The claims of a signed JWT (its middle part) as maps, lists and values; read only after verification. */
public final class JwtPayload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {};

    private JwtPayload() {}

    /** The claims of {@code token}; an {@link IllegalArgumentException} when it is not a signed JWT. */
    public static Map<String, Object> claims(String token) {
        int first = token == null ? -1 : token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("not a signed JWT");
        }
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(token.substring(first + 1, second)), CLAIMS);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWT's claims are unreadable", e);
        }
    }
}
