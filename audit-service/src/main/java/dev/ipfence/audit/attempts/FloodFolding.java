package dev.ipfence.audit.attempts;

import dev.ipfence.core.address.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final Limits limits;
    private final FoldKeys keys;

    public FloodFolding(Limits limits) {
        this.limits = limits;
        this.keys = new FoldKeys(limits.window());
    }

    public Limits limits() {
        return limits;
    }

    public WindowKey windowOf(AttemptRow attempt) {
        return keys.windowOf(attempt);
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
                ids.add(keys.sourceFoldId(window, in.attempt()));
                ids.add(keys.restFoldId(window));
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
            UUID id = keys.sourceFoldId(window, a);
            Fold fold = folds.get(id);
            boolean exists = storedFolds.containsKey(id);
            if (fold == null && !exists) {
                if (left[1] > 0) {
                    left[1]--;
                    newFoldRows.merge(window, 1, Integer::sum);
                    fold = sourceFold(id, in);
                    folds.put(id, fold);
                } else {
                    id = keys.restFoldId(window);
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
                fold = id.equals(keys.restFoldId(window))
                        ? new Fold(id, REST_LEVEL, null, ANY_SOURCE, in)
                        : sourceFold(id, in);
                folds.put(id, fold);
            }
            fold.add(in);
        }
        return new Plan(detailed, List.copyOf(folds.values()), newFoldRows, replays);
    }

    private static Fold sourceFold(UUID id, Incoming in) {
        IpAddress network = FoldKeys.sourceNetwork(in.attempt().address());
        return new Fold(id, SOURCE_LEVEL, network, FoldKeys.sourceText(network), in);
    }
}
