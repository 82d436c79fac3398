package dev.ipfence.audit.attempts;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Decides, for one batch, which blocked attempts are stored as received and which are folded, so
 * that an environment never gets more than {@code detailedRows + foldedRows + 1} rows per window
 * whatever a flood looks like (rotating IPv6 sources included):
 *
 * <ol>
 *   <li>the first {@code detailedRows} events of an environment's window are stored as received;
 *   <li>after that, an event is folded into the row of its source (the IPv4 address, the IPv6 /64,
 *       or {@value #UNPARSEABLE_SOURCE}), rule, reason and traffic scope: attempts summed, first and
 *       last time kept, method, path and target of the first; up to {@code foldedRows} such rows;
 *   <li>what still does not fit goes into one row for the rest of the window, source
 *       {@value #ANY_SOURCE}, its reason {@value #MIXED} and rule null once they differ.
 * </ol>
 *
 * <p>A folded row's id is derived from what it folds, so the same event always lands in the same
 * row; each row remembers the highest offset folded into it, so an event read again after a
 * restart (before its offset was committed) is not counted twice. Pure: the caller loads what the
 * database holds ({@link #pressured}, {@link #lookups}) and writes the {@link Plan}.
 */
public final class FloodFolding {

    public static final String ANY_SOURCE = "*";
    public static final String UNPARSEABLE_SOURCE = "unparseable";
    public static final String MIXED = "MIXED";
    public static final short SOURCE_LEVEL = 1;
    public static final short REST_LEVEL = 2;
    private static final int IPV6_FOLD_PREFIX = 64;

    public record Limits(Duration window, int detailedRows, int foldedRows) {
        public Limits {
            if (window.toMillis() <= 0 || detailedRows < 0 || foldedRows < 0) {
                throw new IllegalArgumentException(
                        "flood limits must be positive: " + window + ", " + detailedRows + ", " + foldedRows);
            }
        }
    }

    public record Incoming(AttemptRow attempt, int partition, long offset) {}

    public record WindowKey(UUID environmentId, Instant start) {}

    /** Rows of a window: stored as received, and folded by source (the rest row is not counted). */
    public record WindowCount(int detailedRows, int foldedRows) {
        public static final WindowCount NONE = new WindowCount(0, 0);
    }

    /** A folded row already stored: where the last event folded into it came from. */
    public record StoredFold(int partition, long offset) {}

    /** What to write for one batch. */
    public record Plan(List<AttemptRow> detailed, List<Fold> folds, Map<WindowKey, Integer> newFoldRows, int replays) {

        public long foldedEvents() {
            return folds.stream().mapToLong(Fold::events).sum();
        }
    }

    /** One folded row's share of a batch: added to the row, or the row itself when new. */
    public static final class Fold {
        final UUID id;
        final short level;
        final UUID environmentId;
        final UUID orgId;
        final String inet;
        final String source;
        final String method;
        final String path;
        final String target;
        Instant first;
        Instant last;
        String trafficScope;
        UUID ruleId;
        UUID policyId;
        String reason;
        long attempts;
        long events;
        int partition;
        long offset;

        Fold(UUID id, short level, String inet, String source, Incoming in) {
            AttemptRow a = in.attempt();
            this.id = id;
            this.level = level;
            this.environmentId = a.environmentId();
            this.orgId = a.orgId();
            this.inet = inet;
            this.source = source;
            this.method = a.method();
            this.path = a.path();
            this.target = a.target();
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
            reason = reason.equals(a.reason()) ? reason : MIXED;
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
            return environmentId;
        }

        public UUID orgId() {
            return orgId;
        }

        /** The source for the {@code inet} column (an address or a /64), or null. */
        public String inet() {
            return inet;
        }

        /** The source as shown: an address, an IPv6 /64, {@value #UNPARSEABLE_SOURCE} or {@value #ANY_SOURCE}. */
        public String source() {
            return source;
        }

        public String method() {
            return method;
        }

        public String path() {
            return path;
        }

        public String target() {
            return target;
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

    private final Limits limits;

    public FloodFolding(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    public WindowKey windowOf(AttemptRow attempt) {
        long size = limits.window().toMillis();
        long start = Math.floorDiv(attempt.first().toEpochMilli(), size) * size;
        return new WindowKey(attempt.environmentId(), Instant.ofEpochMilli(start));
    }

    /**
     * The windows where this batch may pass the detailed-row budget, given the rows the database
     * holds: only their events need the look-ups of {@link #lookups}.
     */
    public Set<WindowKey> pressured(List<Incoming> batch, Map<WindowKey, WindowCount> stored) {
        Map<WindowKey, Integer> events = new HashMap<>();
        for (Incoming in : batch) {
            events.merge(windowOf(in.attempt()), 1, Integer::sum);
        }
        Set<WindowKey> pressured = new HashSet<>();
        events.forEach((window, count) -> {
            if (stored.getOrDefault(window, WindowCount.NONE).detailedRows() + count > limits.detailedRows()) {
                pressured.add(window);
            }
        });
        return pressured;
    }

    /**
     * The row ids to look up before planning, for the events of pressured windows: the events' own
     * (stored already: a replay) and the folded rows they may go to.
     */
    public Set<UUID> lookups(List<Incoming> batch, Set<WindowKey> pressured) {
        Set<UUID> ids = new HashSet<>();
        for (Incoming in : batch) {
            WindowKey window = windowOf(in.attempt());
            if (pressured.contains(window)) {
                ids.add(in.attempt().id());
                ids.add(sourceFoldId(window, in.attempt()));
                ids.add(restFoldId(window));
            }
        }
        return ids;
    }

    /**
     * The plan of a batch. {@code storedIds}: events of the batch stored already; {@code storedFolds}:
     * folded rows that exist; {@code stored}: the rows each window holds.
     */
    public Plan plan(
            List<Incoming> batch,
            Set<UUID> storedIds,
            Map<UUID, StoredFold> storedFolds,
            Map<WindowKey, WindowCount> stored) {
        Map<WindowKey, int[]> room = new HashMap<>(); // detailed rows left, folded rows left
        Map<WindowKey, Integer> newFoldRows = new HashMap<>();
        Map<UUID, Fold> folds = new LinkedHashMap<>();
        List<AttemptRow> detailed = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        int replays = 0;
        for (Incoming in : batch) {
            AttemptRow a = in.attempt();
            if (!seen.add(a.id()) || storedIds.contains(a.id())) {
                replays++;
                continue;
            }
            WindowKey window = windowOf(a);
            int[] left = room.computeIfAbsent(window, w -> {
                WindowCount count = stored.getOrDefault(w, WindowCount.NONE);
                return new int[] {
                    Math.max(0, limits.detailedRows() - count.detailedRows()),
                    Math.max(0, limits.foldedRows() - count.foldedRows())
                };
            });
            if (left[0] > 0) {
                left[0]--;
                detailed.add(a);
                continue;
            }
            UUID id = sourceFoldId(window, a);
            Fold fold = folds.get(id);
            boolean exists = storedFolds.containsKey(id);
            if (fold == null && !exists) {
                if (left[1] > 0) {
                    left[1]--;
                    newFoldRows.merge(window, 1, Integer::sum);
                    fold = new Fold(id, SOURCE_LEVEL, sourceInet(a.address()), source(a.address()), in);
                    folds.put(id, fold);
                } else {
                    id = restFoldId(window);
                    fold = folds.get(id);
                    exists = storedFolds.containsKey(id);
                }
            }
            if (exists) {
                StoredFold last = storedFolds.get(id);
                if (last.partition() == in.partition() && in.offset() <= last.offset()) {
                    replays++; // folded into this row before a restart
                    continue;
                }
            }
            if (fold == null) {
                fold = id.equals(restFoldId(window))
                        ? new Fold(id, REST_LEVEL, null, ANY_SOURCE, in)
                        : new Fold(id, SOURCE_LEVEL, sourceInet(a.address()), source(a.address()), in);
                folds.put(id, fold);
            }
            fold.add(in);
        }
        return new Plan(detailed, List.copyOf(folds.values()), newFoldRows, replays);
    }

    UUID sourceFoldId(WindowKey window, AttemptRow a) {
        return foldId(
                window,
                SOURCE_LEVEL,
                source(a.address()) + "|" + a.ruleId() + "|" + a.reason() + "|" + a.trafficScope()
                        + (a.policyId() == null ? "" : "|" + a.policyId()));
    }

    UUID restFoldId(WindowKey window) {
        return foldId(window, REST_LEVEL, "");
    }

    private UUID foldId(WindowKey window, short level, String key) {
        String name = "ipfence.audit.fold|" + window.environmentId() + "|"
                + window.start().toEpochMilli() + "|" + limits.window().toMillis() + "|" + level + "|" + key;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** What folds together: an IPv4 address, an IPv6 /64 (one subscriber, usually), or every unparseable text. */
    static String source(IpAddress address) {
        if (address == null) {
            return UNPARSEABLE_SOURCE;
        }
        if (address.family() == IpFamily.IPV4) {
            return address.toString();
        }
        return Addresses.cidr(IpAddress.ipv6(address.hi(), 0), IPV6_FOLD_PREFIX).toString();
    }

    private static String sourceInet(IpAddress address) {
        return address == null ? null : source(address);
    }
}
