package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.AttemptWindows.Added;
import dev.ipfence.audit.attempts.FloodFolding.Incoming;
import dev.ipfence.audit.attempts.FloodFolding.Plan;
import dev.ipfence.audit.attempts.FloodFolding.StoredFold;
import dev.ipfence.audit.attempts.FloodFolding.WindowCount;
import dev.ipfence.audit.attempts.FloodFolding.WindowKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores one batch in the connection's transaction, as {@link FloodFolding} plans it: the windows'
 * row counts are read and locked first, the rows a pressured window may meet looked up, then the
 * plan written ({@link AttemptCopy}) and the counts moved on by what was new. Blocking (JDBC).
 */
final class AttemptBatchWriter {

    private static final String LOOKUP = "select event_id, fold_level, source_partition, source_offset"
            + " from blocked_attempt where event_id = any(?::text[]::uuid[])";

    /** What a batch stored: events as received that were new, and events folded (replays excluded both). */
    record Written(long storedEvents, long foldedEvents) {}

    private record Found(Set<UUID> events, Map<UUID, StoredFold> folds) {}

    /** Where the time of a batch goes, by step: {@code lock}, {@code lookup}, {@code copy}, {@code folds}, {@code windows}. */
    interface Steps {
        Steps NONE = (step, nanos) -> {};

        void took(String step, long nanos);
    }

    private final FloodFolding folding;
    private final Steps steps;

    AttemptBatchWriter(FloodFolding folding, Steps steps) {
        this.folding = folding;
        this.steps = steps;
    }

    Written write(Connection connection, List<Incoming> batch) throws SQLException {
        Set<WindowKey> windows = new LinkedHashSet<>();
        for (Incoming in : batch) {
            windows.add(folding.windowOf(in.attempt()));
        }
        long started = System.nanoTime();
        Map<WindowKey, WindowCount> counts = AttemptWindows.lock(connection, windows);
        started = took("lock", started);
        Found found = lookup(connection, folding.lookups(batch, folding.pressured(batch, counts)));
        started = took("lookup", started);
        Plan plan = folding.plan(batch, found.events(), found.folds(), counts);
        Set<UUID> inserted = AttemptCopy.write(connection, plan, steps);
        started = System.nanoTime();
        Map<WindowKey, int[]> added = new HashMap<>();
        for (AttemptRow a : plan.detailed()) {
            if (inserted.contains(a.id())) {
                added.computeIfAbsent(folding.windowOf(a), w -> new int[2])[0]++;
            }
        }
        plan.newFoldRows().forEach((window, rows) -> added.computeIfAbsent(window, w -> new int[2])[1] += rows);
        Map<WindowKey, Added> rows = new HashMap<>();
        added.forEach((window, count) -> rows.put(window, new Added(count[0], count[1])));
        AttemptWindows.add(connection, rows);
        took("windows", started);
        long folded = plan.foldedEvents();
        return new Written(inserted.size() + folded, folded);
    }

    private long took(String step, long started) {
        long now = System.nanoTime();
        steps.took(step, now - started);
        return now;
    }

    private static Found lookup(Connection connection, Set<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return new Found(Set.of(), Map.of());
        }
        Set<UUID> events = new HashSet<>();
        Map<UUID, StoredFold> folds = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(LOOKUP)) {
            select.setArray(
                    1,
                    connection.createArrayOf(
                            "text", ids.stream().map(UUID::toString).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    if (rows.getShort(2) == 0) {
                        events.add(id);
                    } else {
                        int partition = rows.getInt(3);
                        int storedPartition = rows.wasNull() ? -1 : partition;
                        long offset = rows.getLong(4);
                        folds.put(id, new StoredFold(storedPartition, rows.wasNull() ? -1 : offset));
                    }
                }
            }
        }
        return new Found(events, folds);
    }
}
