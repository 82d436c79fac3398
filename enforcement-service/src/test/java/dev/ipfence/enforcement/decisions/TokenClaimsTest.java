package dev.ipfence.enforcement.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.enforcement.decisions.ForwardAuthIdentity.Outcome;
import dev.ipfence.web.auth.ClaimMapping;
import dev.ipfence.web.auth.ClaimPath;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The user a verified forward-auth token names, without Quarkus. */
class TokenClaimsTest {

    private static final UUID ORG = UUID.randomUUID();
    private static final ClaimMapping MAPPING = ClaimMapping.defaults();

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "alice");
        claims.put("org_id", ORG.toString());
        claims.put("email", "alice@example.com");
        claims.put("groups", List.of("engineering", "oncall"));
        claims.put("department", "Engineering");
        claims.put("attributes", Map.of("level", 3, "managed", true));
        return claims;
    }

    @Test
    void mapsSubjectEmailGroupsDepartmentAndAttributes() {
        var found = TokenClaims.user(claims(), ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"));
        assertThat(found.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(found.user().id()).isEqualTo("alice");
        assertThat(found.user().email()).isEqualTo("alice@example.com");
        assertThat(found.user().groups()).containsExactly("engineering", "oncall");
        assertThat(found.user().department()).isEqualTo("Engineering");
        // JSON numbers as CEL ints, as in a decision request's body
        assertThat(found.user().attributes()).containsEntry("level", 3L).containsEntry("managed", true);
    }

    @Test
    void readsGroupsAndDepartmentFromTheConfiguredClaims() {
        Map<String, Object> claims = claims();
        claims.put("roles", "admins");
        claims.put("dept", "Sales");
        var found = TokenClaims.user(claims, ORG, MAPPING, ClaimPath.parse("roles"), ClaimPath.parse("dept"));
        assertThat(found.user().groups()).containsExactly("admins");
        assertThat(found.user().department()).isEqualTo("Sales");
    }

    @Test
    void readsTheOrganizationAndGroupsWhereTheMappingSays() {
        ClaimMapping mapping =
                new ClaimMapping(ClaimPath.parse("\"https://example.com/org\""), ClaimPath.parse("realm_access.roles"));
        Map<String, Object> claims = claims();
        claims.put("org_id", UUID.randomUUID().toString());
        claims.put("https://example.com/org", ORG.toString());
        claims.put("realm_access", Map.of("roles", List.of("engineering")));
        var found = TokenClaims.user(
                claims, ORG, mapping, ClaimPath.parse("realm_access.roles"), ClaimPath.parse("department"));
        assertThat(found.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(found.user().groups()).containsExactly("engineering");
        // the default org_id no longer counts: of another organization than its mapped claim says
        claims.remove("https://example.com/org");
        claims.put("org_id", ORG.toString());
        assertThat(TokenClaims.user(claims, ORG, mapping, ClaimPath.parse("groups"), ClaimPath.parse("department")))
                .isEqualTo(ForwardAuthIdentity.Found.none(Outcome.OTHER_ORG));
    }

    @Test
    void claimsOfAnotherShapeAreAbsentNotErrors() {
        Map<String, Object> claims = claims();
        claims.put("attributes", List.of("not", "an", "object"));
        claims.put("department", 42);
        claims.put("email", Map.of("x", 1));
        claims.put("groups", List.of("engineering", 7, Map.of()));
        var found = TokenClaims.user(claims, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"));
        assertThat(found.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(found.user().attributes()).isEmpty();
        assertThat(found.user().department()).isEmpty();
        assertThat(found.user().email()).isEmpty();
        assertThat(found.user().groups()).containsExactly("engineering");
        claims.remove("groups");
        claims.remove("sub");
        var bare = TokenClaims.user(claims, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"))
                .user();
        assertThat(bare.groups()).isEmpty();
        assertThat(bare.id()).isEmpty();
    }

    @Test
    void aTokenOfAnotherOrganizationOrOfNoneNamesNoUser() {
        Map<String, Object> claims = claims();
        claims.put("org_id", UUID.randomUUID().toString());
        assertThat(TokenClaims.user(claims, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department")))
                .isEqualTo(ForwardAuthIdentity.Found.none(Outcome.OTHER_ORG));
        claims.remove("org_id");
        assertThat(TokenClaims.user(claims, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"))
                        .user())
                .isNull();
        // an unknown environment has no organization: no token is of it
        assertThat(TokenClaims.user(claims(), null, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"))
                        .user())
                .isNull();
    }

    @Test
    void claimsOverTheLimitsOfADecisionRequestNameNoUser() {
        Map<String, Object> manyGroups = claims();
        manyGroups.put("groups", Collections.nCopies(IdentityLimits.MAX_GROUPS + 1, "g"));
        assertThat(TokenClaims.user(manyGroups, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department")))
                .isEqualTo(ForwardAuthIdentity.Found.none(Outcome.OVER_LIMITS));
        Map<String, Object> longDepartment = claims();
        longDepartment.put("department", "x".repeat(IdentityLimits.MAX_STRING + 1));
        assertThat(TokenClaims.user(
                                longDepartment, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"))
                        .outcome())
                .isEqualTo(Outcome.OVER_LIMITS);
        Map<String, Object> bigAttributes = claims();
        Map<String, Object> attributes = new HashMap<>();
        for (int i = 0; i <= IdentityLimits.MAX_ATTRIBUTES; i++) {
            attributes.put("k" + i, i);
        }
        bigAttributes.put("attributes", attributes);
        assertThat(TokenClaims.user(
                                bigAttributes, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"))
                        .outcome())
                .isEqualTo(Outcome.OVER_LIMITS);
        // exactly at the limits is fine
        Map<String, Object> atLimits = claims();
        atLimits.put("groups", Collections.nCopies(IdentityLimits.MAX_GROUPS, "g"));
        atLimits.put("department", "x".repeat(IdentityLimits.MAX_STRING));
        assertThat(TokenClaims.user(atLimits, ORG, MAPPING, ClaimPath.parse("groups"), ClaimPath.parse("department"))
                        .outcome())
                .isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void onlyABearerAuthorizationCarriesAToken() {
        assertThat(ForwardAuthIdentity.bearer("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(ForwardAuthIdentity.bearer("bearer abc")).isEqualTo("abc");
        assertThat(ForwardAuthIdentity.bearer(null)).isNull();
        assertThat(ForwardAuthIdentity.bearer("Basic YWxpY2U6cHc=")).isNull();
        assertThat(ForwardAuthIdentity.bearer("Bearer ")).isNull();
        assertThat(ForwardAuthIdentity.bearer("Bearer    ")).isNull();
        assertThat(ForwardAuthIdentity.bearer("Bearerabc")).isNull();
    }
}
