package dev.ipfence.rules.addresses;

import dev.ipfence.core.events.RuleState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The IP address policy view (seed 001) of organization rules for all traffic. */
public final class AddressApi {

    private AddressApi() {}

    /** {@code ttl} takes any JSON number, so that one out of range is refused with the range (see RuleRequest). */
    @Schema(
            description =
                    "A create and a replace (PUT) need ipAddress and policy; a PATCH changes the fields it" + " gives")
    public record AddressRequest(
            String ipAddress,
            String policy,

            @Schema(type = SchemaType.INTEGER, format = "int64")
            BigDecimal ttl) {}

    /** {@code ttl} 0 and {@code expireTime} null: never expires. {@code expired}: no longer matching, not yet removed. */
    @Schema(requiredProperties = {"addressId", "ipAddress", "policy", "ttl", "createTime", "updateTime", "expired"})
    public record AddressPolicy(
            UUID addressId,
            String ipAddress,
            String policy,
            long ttl,
            Instant expireTime,
            Instant createTime,
            Instant updateTime,
            boolean expired) {

        static AddressPolicy of(RuleState rule, Instant now) {
            return new AddressPolicy(
                    rule.id(),
                    bare(rule.cidr()),
                    rule.action(),
                    rule.ttl() == null ? 0 : rule.ttl(),
                    rule.expiresAt(),
                    rule.createdAt(),
                    rule.updatedAt(),
                    rule.expiresAt() != null && !now.isBefore(rule.expiresAt()));
        }

        /** A single address is shown without its /32 or /128, as the seed does. */
        static String bare(String cidr) {
            if (cidr.endsWith("/32") && cidr.indexOf(':') < 0) {
                return cidr.substring(0, cidr.length() - 3);
            }
            return cidr.endsWith("/128") ? cidr.substring(0, cidr.length() - 4) : cidr;
        }
    }
}
