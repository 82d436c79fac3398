package dev.ipfence.audit.attempts;

import dev.ipfence.core.address.IpAddress;
import java.time.Instant;
import java.util.UUID;

/**
 * A blocked-attempt event as it is stored: checked, text cut to the contract's lengths.
 * {@code address} is the parsed client address, null when {@code ipText} is not one (raw header
 * text of a {@code BAD_CLIENT_IP}).
 */
public record AttemptRow(
        UUID id,
        UUID environmentId,
        UUID orgId,
        IpAddress address,
        String ipText,
        String method,
        String path,
        String target,
        Instant first,
        Instant last,
        String trafficScope,
        UUID ruleId,
        UUID policyId,
        String reason,
        long count) {

    /** The address for the {@code inet} column, or null. */
    public String inet() {
        return address == null ? null : address.toString();
    }
}
