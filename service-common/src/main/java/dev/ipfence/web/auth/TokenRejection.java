package dev.ipfence.web.auth;

import java.util.List;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Why a bearer token was refused, read from the failure quarkus-oidc reports (jose4j's error codes
 * in its cause chain): the check that failed, a fixed sentence for the {@code WWW-Authenticate}
 * header, and a detail for the problem body with the token's own claim values where they help
 * (never the token itself).
 */
public record TokenRejection(Cause cause, String detail) {

    /** The check a token failed; {@link #code} names it in logs. */
    public enum Cause {
        EXPIRED("expired", "The token has expired."),
        NOT_YET_VALID("not-yet-valid", "The token is not valid yet."),
        ISSUER("issuer", "The token's issuer is not the trusted one."),
        AUDIENCE("audience", "The token's audience does not include this API."),
        SIGNATURE("signature", "The token's signature does not verify."),
        UNKNOWN_KEY("unknown-key", "The token is signed with a key the issuer does not publish."),
        MALFORMED("malformed", "The token is not a well-formed signed JWT."),
        OTHER("invalid", "The token was not accepted.");

        private final String code;
        private final String description;

        Cause(String code, String description) {
            this.code = code;
            this.description = description;
        }

        public String code() {
            return code;
        }

        /** Safe for an RFC 6750 {@code error_description}: printable ASCII, no quote or backslash. */
        public String description() {
            return description;
        }
    }

    /**
     * The check {@code token} failed: malformed when it is not a signed JWT at all, else as far as
     * {@code failure} tells; {@code expected}: the configured values.
     */
    public static TokenRejection of(Throwable failure, Expected expected, String token) {
        if (token != null && !isSignedJwt(token)) {
            return new TokenRejection(
                    Cause.MALFORMED,
                    Cause.MALFORMED.description() + " A bearer token here is a JWT: three base64url parts"
                            + " separated by dots, the first two JSON objects.");
        }
        return of(failure, expected);
    }

    /** Whether {@code token} has the form of a signed JWT: header.payload.signature, header and payload JSON objects. */
    static boolean isSignedJwt(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return false;
        }
        try {
            JwtPayload.claims(token);
            return JwtPayload.claims("x." + parts[0] + ".x") != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The check the token failed, as far as {@code failure} tells; {@code expected}: the configured values. */
    public static TokenRejection of(Throwable failure, Expected expected) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof UnresolvableKeyException) {
                return new TokenRejection(
                        Cause.UNKNOWN_KEY,
                        Cause.UNKNOWN_KEY.description()
                                + " Its key id (kid) is not among the provider's keys, or the token comes from"
                                + " another provider.");
            }
            if (e instanceof InvalidJwtException invalid) {
                TokenRejection rejection = of(invalid, expected);
                if (rejection.cause() != Cause.OTHER || !hasUnresolvableKey(invalid)) {
                    return rejection;
                }
            }
            if (e.getCause() == e) {
                break;
            }
        }
        String message = failure == null ? null : failure.getMessage();
        if (message != null && message.contains("opaque")) {
            return new TokenRejection(Cause.MALFORMED, Cause.MALFORMED.description());
        }
        return new TokenRejection(Cause.OTHER, Cause.OTHER.description());
    }

    private static boolean hasUnresolvableKey(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                return true;
            }
        }
        return false;
    }

    private static TokenRejection of(InvalidJwtException invalid, Expected expected) {
        Optional<JwtClaims> claims =
                Optional.ofNullable(invalid.getJwtContext()).map(c -> c.getJwtClaims());
        if (invalid.hasExpired()) {
            return new TokenRejection(
                    Cause.EXPIRED,
                    Cause.EXPIRED.description()
                            + claims.map(c -> time(c, "exp"))
                                    .map(at -> " It expired at " + at + ".")
                                    .orElse("")
                            + " Get a new one from the identity provider.");
        }
        if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)
                || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return new TokenRejection(
                    Cause.NOT_YET_VALID,
                    Cause.NOT_YET_VALID.description()
                            + claims.map(c -> time(c, "nbf"))
                                    .map(at -> " It is valid from " + at + ".")
                                    .orElse("")
                            + " Check the clocks of the provider and of this service.");
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            String got = claims.map(c -> text(c, "iss")).orElse(null);
            return new TokenRejection(
                    Cause.ISSUER,
                    Cause.ISSUER.description()
                            + (got == null ? " It has no iss claim" : " Its iss is \"" + got + "\"")
                            + expected.issuer()
                                    .map(iss -> "; this service trusts \"" + iss + "\".")
                                    .orElse(".")
                            + " With a provider URL the trusted issuer is the one in its discovery document, unless"
                            + " IPFENCE_OIDC_ISSUER names another.");
        }
        if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            String got = claims.map(TokenRejection::audience).orElse(null);
            return new TokenRejection(
                    Cause.AUDIENCE,
                    Cause.AUDIENCE.description()
                            + (got == null ? " It has no aud claim." : " Its aud is " + got + ".")
                            + expected.audience()
                                    .map(aud ->
                                            " This service requires \"" + aud + "\" (IPFENCE_OIDC_AUDIENCE); have the"
                                                    + " provider add it, e.g. with an audience mapper.")
                                    .orElse(""));
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return new TokenRejection(
                    Cause.SIGNATURE,
                    Cause.SIGNATURE.description()
                            + " It was not signed by a key this service trusts, or it was altered.");
        }
        if (invalid.hasErrorCode(ErrorCodes.JSON_INVALID) || invalid.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
            return new TokenRejection(Cause.MALFORMED, Cause.MALFORMED.description());
        }
        if (invalid.getJwtContext() == null) {
            // jose4j could not even parse it as a JOSE object
            return new TokenRejection(Cause.MALFORMED, Cause.MALFORMED.description());
        }
        return new TokenRejection(Cause.OTHER, Cause.OTHER.description());
    }

    private static String time(JwtClaims claims, String name) {
        try {
            Object value = claims.getClaimValue(name);
            if (!(value instanceof Number number)) {
                return null;
            }
            return java.time.Instant.ofEpochSecond(
                            NumericDate.fromSeconds(number.longValue()).getValue())
                    .toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JwtClaims claims, String name) {
        Object value = claims.getClaimValue(name);
        return value == null ? null : ClaimMapping.shown(value);
    }

    private static String audience(JwtClaims claims) {
        try {
            List<String> audience = claims.getAudience();
            return audience == null || audience.isEmpty()
                    ? null
                    : audience.stream()
                            .limit(10)
                            .map(a -> "\"" + ClaimMapping.shown(a) + "\"")
                            .toList()
                            .toString();
        } catch (MalformedClaimException e) {
            return null;
        }
    }

    /** What the service is configured to require, to name in a detail when it is known. */
    public record Expected(Optional<String> issuer, Optional<String> audience) {
        public static final Expected NONE = new Expected(Optional.empty(), Optional.empty());
    }
}
