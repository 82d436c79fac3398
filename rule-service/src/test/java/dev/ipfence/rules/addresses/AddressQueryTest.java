package dev.ipfence.rules.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressQueryTest {

    private static final long MAX_TTL = 86_400;

    private static AddressQuery query(String... nameValues) {
        MultivaluedMap<String, String> parameters = new MultivaluedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.add(nameValues[i], nameValues[i + 1]);
        }
        return new AddressQuery(parameters, MAX_TTL);
    }

    private static List<FieldError> errorsOf(String... nameValues) {
        try {
            query(nameValues);
        } catch (ProblemException e) {
            return e.problem("/test").errors();
        }
        throw new AssertionError("expected a 400");
    }

    @Test
    void defaultsAreTheNewestTenWithoutConditions() {
        AddressQuery query = query();
        assertThat(query.limit).isEqualTo(AddressQuery.DEFAULT_LIMIT);
        assertThat(query.offset).isZero();
        assertThat(query.sortBy).isEqualTo("createTime");
        assertThat(query.ascending).isFalse();
        assertThat(query.network).isNull();
        assertThat(query.policy).isNull();
        assertThat(query.ttlSeconds).isNull();
        assertThat(query.timeBounds).isEmpty();
    }

    @Test
    void sortKeyAndOrderAreKeptAsGiven() {
        AddressQuery query = query("sort_by", "ip", "sort_order", "asc");
        assertThat(query.sortBy).isEqualTo("ip");
        assertThat(query.ascending).isTrue();
        assertThat(query("sort_by", "ttl", "sort_order", "desc").ascending).isFalse();
    }

    @Test
    void everyBadParameterIsNamedAtOnceAndNothingReachesSql() {
        List<FieldError> errors = errorsOf(
                "limit", "0",
                "offset", "-1",
                "sort_by", "cidr; drop table ip_rule",
                "sort_order", "up",
                "filter[ip]", "010.0.0.1",
                "filter[policy]", "block",
                "filter[ttl]", "86401",
                "filter[createTime]", "yesterday",
                "color", "red");
        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "color",
                        "limit",
                        "offset",
                        "sort_by",
                        "sort_order",
                        "filter[ip]",
                        "filter[policy]",
                        "filter[ttl]",
                        "filter[createTime]");
        assertThat(errors)
                .filteredOn(e -> e.field().equals("sort_by"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("cidr; drop table ip_rule"));
    }

    @Test
    void limitsAreWholeNumbersWithinTheirBounds() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            int limit = random.nextInt(AddressQuery.MAX_LIMIT * 2) - 10;
            boolean valid = limit >= 1 && limit <= AddressQuery.MAX_LIMIT;
            if (valid) {
                assertThat(query("limit", Integer.toString(limit)).limit).isEqualTo(limit);
            } else {
                assertThat(errorsOf("limit", Integer.toString(limit)))
                        .extracting(FieldError::message)
                        .singleElement()
                        .asString()
                        .contains("from 1 to " + AddressQuery.MAX_LIMIT)
                        .contains("\"" + limit + "\"");
            }
        }
    }

    @Test
    void filtersAreParsedToCanonicalValues() {
        AddressQuery query = query("filter[ip]", "192.0.2.7", "filter[policy]", "deny", "filter[ttl]", "0");
        assertThat(query.network).isEqualTo("192.0.2.7/32");
        assertThat(query.policy).isEqualTo("deny");
        assertThat(query.ttlSeconds).isZero();
        assertThat(query("filter[ttl]", "60").ttlSeconds).isEqualTo(60L);
    }

    @Test
    void aDayIsThatUtcDayAndARangeMayLeaveOutAnEnd() {
        assertThat(query("filter[updateTime]", "2021-01-31").timeBounds)
                .containsExactly(
                        new AddressQuery.TimeBound("updateTime", true, OffsetDateTime.parse("2021-01-31T00:00:00Z")),
                        new AddressQuery.TimeBound("updateTime", false, OffsetDateTime.parse("2021-02-01T00:00:00Z")));
        assertThat(query("filter[expireTime]", "2021-01-31T10:00:00Z..").timeBounds)
                .containsExactly(
                        new AddressQuery.TimeBound("expireTime", true, OffsetDateTime.parse("2021-01-31T10:00:00Z")));
        assertThat(query("filter[expireTime]", "..2021-01-31").timeBounds)
                .containsExactly(
                        new AddressQuery.TimeBound("expireTime", false, OffsetDateTime.parse("2021-02-01T00:00:00Z")));
        assertThat(errorsOf("filter[createTime]", "1969-12-31"))
                .extracting(FieldError::message)
                .singleElement()
                .asString()
                .contains("must be from");
    }
}
