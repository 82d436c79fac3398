package dev.ipfence.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimMappingTest {

    private static final UUID ORG = UUID.fromString("0b6f2c1e-4c1a-4f55-9d55-52b0b2f1a001");

    @Test
    void readsTheOrganizationAndRolesFromTheDefaultClaims() {
        ClaimMapping mapping = ClaimMapping.defaults();
        Map<String, Object> claims = Map.of("org_id", ORG.toString(), "groups", List.of("ip-access:read", "other"));
        assertThat(mapping.organization(claims)).isEqualTo(new ClaimMapping.Found(ORG));
        assertThat(mapping.roles(claims)).containsExactly("ip-access:read", "other");
    }

    @Test
    void readsConfiguredPaths() {
        ClaimMapping mapping =
                new ClaimMapping(ClaimPath.parse("\"https://example.com/org\""), ClaimPath.parse("realm_access.roles"));
        Map<String, Object> claims = Map.of(
                "https://example.com/org", ORG.toString().toUpperCase(),
                "realm_access", Map.of("roles", List.of("ip-access:write")),
                "org_id", UUID.randomUUID().toString(),
                "groups", List.of("ip-access:read"));
        assertThat(mapping.organization(claims).idOrNull()).isEqualTo(ORG);
        assertThat(mapping.roles(claims)).containsExactly("ip-access:write");
    }

    @Test
    void aMissingOrganizationClaimIsMissingAndNamesTheClaim() {
        ClaimMapping mapping = ClaimMapping.defaults();
        Map<String, Object> claims = new HashMap<>();
        claims.put("org_id", null);
        ClaimMapping.Organization organization = mapping.organization(claims);
        assertThat(organization).isInstanceOf(ClaimMapping.Missing.class);
        assertThat(organization.idOrNull()).isNull();
        assertThat(((ClaimMapping.Missing) organization).detail()).isEqualTo("The token has no org_id claim.");
    }

    @Test
    void anythingButACanonicalUuidStringIsInvalidNeverAGuess() {
        ClaimMapping mapping = ClaimMapping.defaults();
        for (Object value : List.of(
                "acme",
                "",
                "1-2-3-4-5",
                ORG + " ",
                "{" + ORG + "}",
                List.of(ORG.toString()),
                Map.of("id", ORG.toString()),
                42,
                true)) {
            ClaimMapping.Organization organization = mapping.organization(Map.of("org_id", value));
            assertThat(organization).as("%s", value).isInstanceOf(ClaimMapping.Invalid.class);
            assertThat(organization.idOrNull()).isNull();
        }
        assertThat(((ClaimMapping.Invalid) mapping.organization(Map.of("org_id", "acme"))).detail())
                .isEqualTo("The token's org_id claim is not a UUID: \"acme\".");
    }

    @Test
    void aShownValueIsBoundedAndHasNoControlCharactersOrQuotes() {
        String shown = ClaimMapping.shown("a\"b\nc" + "x".repeat(500));
        assertThat(shown).startsWith("a?b?c").endsWith("...").hasSize(103);
    }

    @Test
    void rolesComeFromAListOrASpaceSeparatedStringAndNothingElse() {
        ClaimMapping mapping = new ClaimMapping(ClaimPath.parse("org_id"), ClaimPath.parse("scope"));
        assertThat(mapping.roles(Map.of("scope", " ip-access:read  ip-access:write ")))
                .containsExactly("ip-access:read", "ip-access:write");
        assertThat(mapping.roles(Map.of("scope", List.of("ip-access:read", 7, Map.of(), ""))))
                .containsExactly("ip-access:read");
        assertThat(mapping.roles(Map.of("scope", Map.of("ip-access:read", true))))
                .isEmpty();
        assertThat(mapping.roles(Map.of("scope", 1))).isEmpty();
        assertThat(mapping.roles(Map.of())).isEmpty();
    }
}
