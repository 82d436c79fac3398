package dev.ipfence.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.PathItem.HttpMethod;
import org.junit.jupiter.api.Test;

class OperationIdsTest {

    private static final PathItem ITEM = OASFactory.createPathItem();

    @Test
    void listingACollectionKeepsItsPluralAndDropsTheApiPrefix() {
        assertThat(OperationIds.of("/api/org/ip-access-rules", HttpMethod.GET, ITEM))
                .isEqualTo("listOrgRules");
    }

    @Test
    void createUnderAnIdIsSingular() {
        assertThat(OperationIds.of("/api/projects/{scopeId}/ip-access-rules", HttpMethod.POST, ITEM))
                .isEqualTo("createProjectRule");
    }

    @Test
    void readingOneResourceIsGetAndSingular() {
        assertThat(OperationIds.of("/api/tenants/api-keys/{id}", HttpMethod.GET, ITEM))
                .isEqualTo("getApiKey");
    }

    @Test
    void bulkCreateKeepsThePlural() {
        assertThat(OperationIds.of("/api/org/ip-access-rules/bulk", HttpMethod.POST, ITEM))
                .isEqualTo("bulkCreateOrgRules");
    }

    @Test
    void patchIsUpdateUnlessThePathAlsoHasAPut() {
        assertThat(OperationIds.of("/api/global/settings", HttpMethod.PATCH, ITEM))
                .isEqualTo("updateSetting");
        PathItem withPut = OASFactory.createPathItem().PUT(OASFactory.createOperation());
        assertThat(OperationIds.of("/api/global/settings", HttpMethod.PATCH, withPut))
                .isEqualTo("patchSetting");
    }

    @Test
    void deleteOfOneResource() {
        assertThat(OperationIds.of("/v1/cache/{id}", HttpMethod.DELETE, ITEM)).isEqualTo("deleteCache");
    }

    @Test
    void singularHandlesIesSsesAndSs() {
        assertThat(OperationIds.singular("policies")).isEqualTo("policy");
        assertThat(OperationIds.singular("addresses")).isEqualTo("address");
        assertThat(OperationIds.singular("access")).isEqualTo("access");
        assertThat(OperationIds.singular("rules")).isEqualTo("rule");
    }
}
