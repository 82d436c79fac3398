package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.web.auth.TokenRejection.Cause;
import io.quarkus.security.AuthenticationFailedException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.Test;

/** The failures quarkus-oidc reports (an AuthenticationFailedException over jose4j's), classified. */
class TokenRejectionTest {

    /** RFC 6750 section 3: error_description is %x20-21 / %x23-5B / %x5D-7E. */
    private static final Pattern ERROR_DESCRIPTION = Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private static final TokenRejection.Expected EXPECTED =
            new TokenRejection.Expected(Optional.of("https://idp.example/realms/ipfence"), Optional.of("ipfence"));

    private static AuthenticationFailedException failure(JwtClaims claims, int... codes) {
        List<ErrorCodeValidator.Error> errors = java.util.Arrays.stream(codes)
                .mapToObj(code -> new ErrorCodeValidator.Error(code, "jose4j says " + code))
                .toList();
        JwtContext context = claims == null ? null : new JwtContext("a.b.c", claims, List.of());
        return new AuthenticationFailedException(new InvalidJwtException("invalid", errors, context));
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://ipfence.local/dev");
        claims.setAudience("account");
        claims.setExpirationTime(NumericDate.fromSeconds(1_800_000_000L));
        claims.setNotBefore(NumericDate.fromSeconds(1_700_000_000L));
        return claims;
    }

    @Test
    void anExpiredTokenSaysWhenItExpired() {
        TokenRejection rejection = TokenRejection.of(failure(claims(), ErrorCodes.EXPIRED), EXPECTED);
        assertThat(rejection.cause()).isEqualTo(Cause.EXPIRED);
        assertThat(rejection.detail())
                .isEqualTo("The token has expired. It expired at 2027-01-15T08:00:00Z. Get a new one from the"
                        + " identity provider.");
    }

    @Test
    void aTokenNotYetValidSaysFromWhen() {
        TokenRejection rejection = TokenRejection.of(failure(claims(), ErrorCodes.NOT_YET_VALID), EXPECTED);
        assertThat(rejection.cause()).isEqualTo(Cause.NOT_YET_VALID);
        assertThat(rejection.detail()).contains("valid from 2023-11-14T22:13:20Z");
    }

    @Test
    void aWrongIssuerNamesBothIssuers() {
        TokenRejection rejection = TokenRejection.of(failure(claims(), ErrorCodes.ISSUER_INVALID), EXPECTED);
        assertThat(rejection.cause()).isEqualTo(Cause.ISSUER);
        assertThat(rejection.detail())
                .startsWith("The token's issuer is not the trusted one. Its iss is \"https://ipfence.local/dev\";"
                        + " this service trusts \"https://idp.example/realms/ipfence\".");
    }

    @Test
    void aWrongAudienceNamesTheAudienceRequired() {
        TokenRejection rejection = TokenRejection.of(failure(claims(), ErrorCodes.AUDIENCE_INVALID), EXPECTED);
        assertThat(rejection.cause()).isEqualTo(Cause.AUDIENCE);
        assertThat(rejection.detail())
                .contains("Its aud is [\"account\"].")
                .contains("requires \"ipfence\" (IPFENCE_OIDC_AUDIENCE)");
        JwtClaims noAudience = claims();
        noAudience.unsetClaim("aud");
        assertThat(TokenRejection.of(failure(noAudience, ErrorCodes.AUDIENCE_MISSING), TokenRejection.Expected.NONE)
                        .detail())
                .isEqualTo("The token's audience does not include this API. It has no aud claim.");
    }

    @Test
    void aBadSignatureAndAnUnknownKeyAreToldApart() {
        assertThat(TokenRejection.of(failure(claims(), ErrorCodes.SIGNATURE_INVALID), EXPECTED)
                        .cause())
                .isEqualTo(Cause.SIGNATURE);
        InvalidJwtException unresolvable = new InvalidJwtException(
                "no key",
                new ErrorCodeValidator.Error(ErrorCodes.MISCELLANEOUS, "x"),
                new UnresolvableKeyException("no kid abc"),
                new JwtContext("a.b.c", claims(), List.of()));
        assertThat(TokenRejection.of(new AuthenticationFailedException(unresolvable), EXPECTED)
                        .cause())
                .isEqualTo(Cause.UNKNOWN_KEY);
    }

    @Test
    void anUnparseableOrOpaqueTokenIsMalformed() {
        assertThat(TokenRejection.of(failure(null, ErrorCodes.MISCELLANEOUS), EXPECTED)
                        .cause())
                .isEqualTo(Cause.MALFORMED);
        assertThat(TokenRejection.of(failure(claims(), ErrorCodes.JSON_INVALID), EXPECTED)
                        .cause())
                .isEqualTo(Cause.MALFORMED);
        assertThat(TokenRejection.of(
                                new AuthenticationFailedException(
                                        "Token is opaque but the opaque token introspection is not allowed"),
                                EXPECTED)
                        .cause())
                .isEqualTo(Cause.MALFORMED);
    }

    @Test
    void anythingElseIsStillARejectionThatSaysLittle() {
        assertThat(TokenRejection.of(new AuthenticationFailedException(), EXPECTED))
                .isEqualTo(new TokenRejection(Cause.OTHER, "The token was not accepted."));
        assertThat(TokenRejection.of(failure(claims(), ErrorCodes.SUBJECT_MISSING), EXPECTED)
                        .cause())
                .isEqualTo(Cause.OTHER);
    }

    @Test
    void everyHeaderDescriptionIsAValidRfc6750ErrorDescription() {
        for (Cause cause : Cause.values()) {
            assertThat(cause.description()).matches(ERROR_DESCRIPTION);
        }
    }

    @Test
    void claimValuesShownAreSanitized() {
        JwtClaims claims = claims();
        claims.setIssuer("evil\"\r\nInjected: yes");
        String detail = TokenRejection.of(failure(claims, ErrorCodes.ISSUER_INVALID), EXPECTED)
                .detail();
        assertThat(detail).contains("evil???Injected: yes").doesNotContain("\n");
    }

    @Test
    void aTokenThatIsNotASignedJwtIsMalformedWhateverTheFailure() {
        String header = b64("{\"alg\":\"RS256\"}");
        String payload = b64("{\"sub\":\"a\"}");
        for (String token : List.of(
                "not-a-jwt",
                "a.b",
                header + "." + payload + ".",
                header + "." + payload + ".sig.more",
                b64("not json") + "." + payload + ".sig",
                header + "." + b64("[1]") + ".sig",
                header + ".!!!." + "sig")) {
            assertThat(TokenRejection.of(failure(claims(), ErrorCodes.SIGNATURE_INVALID), EXPECTED, token)
                            .cause())
                    .as(token)
                    .isEqualTo(Cause.MALFORMED);
        }
        assertThat(TokenRejection.of(
                                failure(claims(), ErrorCodes.SIGNATURE_INVALID),
                                EXPECTED,
                                header + "." + payload + ".sig")
                        .cause())
                .isEqualTo(Cause.SIGNATURE);
    }

    private static String b64(String text) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
