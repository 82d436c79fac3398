package dev.ipfence.rules.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The statement a list of address policies becomes: fixed fragments, every value a named parameter. */
class AddressRepositoryTest {

    private static final UUID ORG = UUID.fromString("7c1f5a52-0d7e-4bb4-9a39-1d3c8e0f2a11");

    private static AddressQuery query(String... nameValues) {
        MultivaluedMap<String, String> parameters = new MultivaluedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.add(nameValues[i], nameValues[i + 1]);
        }
        return new AddressQuery(parameters, 86_400);
    }

    @Test
    void withoutFiltersOnlyTheOrganizationsAddressPoliciesAreSelected() {
        AddressRepository.Selection selection = AddressRepository.selection(ORG, query());
        assertThat(selection.fromWhere())
                .isEqualTo(" from ip_rule where org_id = #{orgId} and scope = 'org' and traffic_scopes = '{}'"
                        + " and range_from is null");
        assertThat(selection.parameters()).isEqualTo(Map.of("orgId", ORG));
    }

    @Test
    void eachFilterAddsItsFragmentAndItsValueByName() {
        AddressRepository.Selection selection = AddressRepository.selection(
                ORG,
                query(
                        "filter[ip]", "192.0.2.7",
                        "filter[policy]", "deny",
                        "filter[ttl]", "60",
                        "filter[createTime]", "2021-01-31.."));
        assertThat(selection.fromWhere())
                .endsWith(" and (network >>= #{network}::text::cidr or network <<= #{network}::text::cidr)"
                        + " and action = #{policy} and ttl_seconds = #{ttl} and created_at >= #{createTimeFrom}");
        assertThat(selection.parameters())
                .isEqualTo(Map.of(
                        "orgId",
                        ORG,
                        "network",
                        "192.0.2.7/32",
                        "policy",
                        "deny",
                        "ttl",
                        60L,
                        "createTimeFrom",
                        OffsetDateTime.parse("2021-01-31T00:00:00Z")));
    }

    @Test
    void ttlZeroSelectsThePoliciesThatNeverExpireWithoutAParameter() {
        AddressRepository.Selection selection = AddressRepository.selection(ORG, query("filter[ttl]", "0"));
        assertThat(selection.fromWhere()).endsWith(" and ttl_seconds is null");
        assertThat(selection.parameters()).containsOnlyKeys("orgId");
    }

    @Test
    void aDayFilterBoundsTheColumnOnBothEnds() {
        AddressRepository.Selection selection =
                AddressRepository.selection(ORG, query("filter[updateTime]", "2021-01-31"));
        assertThat(selection.fromWhere())
                .endsWith(" and updated_at >= #{updateTimeFrom} and updated_at < #{updateTimeTo}");
        assertThat(selection.parameters())
                .containsEntry("updateTimeFrom", OffsetDateTime.parse("2021-01-31T00:00:00Z"))
                .containsEntry("updateTimeTo", OffsetDateTime.parse("2021-02-01T00:00:00Z"));
    }

    @Test
    void sortKeysMapToColumnsAndExpiryAndTtlSortTheNeverLast() {
        assertThat(AddressRepository.orderBy(query())).isEqualTo("created_at desc, id desc");
        assertThat(AddressRepository.orderBy(query("sort_by", "ip", "sort_order", "asc")))
                .isEqualTo("ip_rule.network asc, id asc");
        assertThat(AddressRepository.orderBy(query("sort_by", "expireTime")))
                .isEqualTo("expires_at desc nulls last, id desc");
        assertThat(AddressRepository.orderBy(query("sort_by", "ttl", "sort_order", "asc")))
                .isEqualTo("ttl_seconds asc nulls last, id asc");
    }

    @Test
    void everySortKeyTheQueryAcceptsHasAColumn() {
        for (String key : AddressQuery.SORT_KEYS) {
            assertThat(AddressRepository.orderBy(query("sort_by", key))).endsWith(", id desc");
        }
    }
}
