package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.FloodFolding.Incoming;
import dev.ipfence.core.address.IpAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One folded row's share of a batch: added to the row, or the row itself when new. Attempts are
 * summed, the first and last time kept, method, path and target are the first event's; reason,
 * rule, policy and traffic scope stay while they agree ({@value FloodFolding#MIXED} and null once
 * they differ).
 */
public final class Fold {

    private final UUID id;
    private final short level;
    private final IpAddress network;
    private final String source;
    private final AttemptRow firstEvent;
    private Instant first;
    private Instant last;
    private String trafficScope;
    private UUID ruleId;
    private UUID policyId;
    private String reason;
    private long attempts;
    private long events;
    private int partition;
    private long offset;

    /** A row of {@code level} for the events of {@code network} (null: none) shown as {@code source}, first {@code in}. */
    Fold(UUID id, short level, IpAddress network, String source, Incoming in) {
        AttemptRow a = in.attempt();
        this.id = id;
        this.level = level;
        this.network = network;
        this.source = source;
        this.firstEvent = a;
        this.first = a.first();
        this.last = a.last();
        this.trafficScope = a.trafficScope();
        this.ruleId = a.ruleId();
        this.policyId = a.policyId();
        this.reason = a.reason();
    }

    void add(Incoming in) {
        AttemptRow a = in.attempt();
        if (a.first().isBefore(first)) {
            first = a.first();
        }
        if (a.last().isAfter(last)) {
            last = a.last();
        }
        trafficScope = Objects.equals(trafficScope, a.trafficScope()) ? trafficScope : null;
        ruleId = Objects.equals(ruleId, a.ruleId()) ? ruleId : null;
        policyId = Objects.equals(policyId, a.policyId()) ? policyId : null;
        reason = reason.equals(a.reason()) ? reason : FloodFolding.MIXED;
        attempts += a.count();
        events++;
        partition = in.partition();
        offset = Math.max(offset, in.offset());
    }

    public UUID id() {
        return id;
    }

    public short level() {
        return level;
    }

    public UUID environmentId() {
        return firstEvent.environmentId();
    }

    public UUID orgId() {
        return firstEvent.orgId();
    }

    /** The first address of the source for the {@code inet} column (netmask {@link FoldKeys#sourcePrefix}), or null. */
    public IpAddress network() {
        return network;
    }

    /** The source for the {@code inet} column as text (an address or a /64), or null. */
    public String inet() {
        return network == null ? null : FoldKeys.sourceText(network);
    }

    /** The source as shown: an address, an IPv6 /64, {@value FloodFolding#UNPARSEABLE_SOURCE} or {@value FloodFolding#ANY_SOURCE}. */
    public String source() {
        return source;
    }

    public String method() {
        return firstEvent.method();
    }

    public String path() {
        return firstEvent.path();
    }

    public String target() {
        return firstEvent.target();
    }

    public Instant first() {
        return first;
    }

    public Instant last() {
        return last;
    }

    public String trafficScope() {
        return trafficScope;
    }

    public UUID ruleId() {
        return ruleId;
    }

    public UUID policyId() {
        return policyId;
    }

    public String reason() {
        return reason;
    }

    /** Denied requests folded in (the sum of the events' counts). */
    public long attempts() {
        return attempts;
    }

    /** Events folded in. */
    public long events() {
        return events;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
