package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.FloodFolding.WindowCount;
import dev.ipfence.audit.attempts.FloodFolding.WindowKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code attempt_window} rows: how many rows each environment has per window, as received and
 * folded. A batch locks the rows of its windows first, creating those missing, in one order (two
 * transactions that meet on a window, even a new one, wait for each other instead of both
 * counting it, and never deadlock on each other's windows), and adds what it stored at the end.
 */
final class AttemptWindows {

    private static final String CREATE = "insert into attempt_window (environment_id, window_start,"
            + " detailed_rows, folded_rows)"
            + " select w.environment_id, w.window_start, 0, 0"
            + " from unnest(?::text[]::uuid[], ?::text[]::timestamptz[]) as w (environment_id, window_start)"
            + " order by 1, 2 on conflict (environment_id, window_start) do nothing";

    private static final String LOCK = "select a.environment_id, a.window_start, a.detailed_rows, a.folded_rows"
            + " from unnest(?::text[]::uuid[], ?::text[]::timestamptz[]) as w (environment_id, window_start)"
            + " join attempt_window a on a.environment_id = w.environment_id and a.window_start = w.window_start"
            + " order by a.environment_id, a.window_start for update of a";

    private static final String ADD = "insert into attempt_window (environment_id, window_start,"
            + " detailed_rows, folded_rows)"
            + " select * from unnest(?::text[]::uuid[], ?::text[]::timestamptz[], ?::int[], ?::int[])"
            + " on conflict (environment_id, window_start) do update set"
            + " detailed_rows = attempt_window.detailed_rows + excluded.detailed_rows,"
            + " folded_rows = attempt_window.folded_rows + excluded.folded_rows";

    /** Rows added to one window by a batch. */
    record Added(int detailedRows, int foldedRows) {}

    private AttemptWindows() {}

    /** Locks the windows, created with no rows where missing, and returns their counts. */
    static Map<WindowKey, WindowCount> lock(Connection connection, Collection<WindowKey> windows) throws SQLException {
        List<String> environments = new ArrayList<>(windows.size());
        List<String> starts = new ArrayList<>(windows.size());
        for (WindowKey key : windows) {
            environments.add(key.environmentId().toString());
            starts.add(key.start().toString());
        }
        Array environmentArray = connection.createArrayOf("text", environments.toArray());
        Array startArray = connection.createArrayOf("text", starts.toArray());
        try (PreparedStatement create = connection.prepareStatement(CREATE)) {
            create.setArray(1, environmentArray);
            create.setArray(2, startArray);
            create.executeUpdate();
        }
        Map<WindowKey, WindowCount> counts = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(LOCK)) {
            select.setArray(1, environmentArray);
            select.setArray(2, startArray);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(
                            new WindowKey(
                                    rows.getObject(1, UUID.class),
                                    rows.getObject(2, OffsetDateTime.class).toInstant()),
                            new WindowCount(rows.getInt(3), rows.getInt(4)));
                }
            }
        }
        return counts;
    }

    static void add(Connection connection, Map<WindowKey, Added> added) throws SQLException {
        if (added.isEmpty()) {
            return;
        }
        List<String> environments = new ArrayList<>(added.size());
        List<String> starts = new ArrayList<>(added.size());
        List<Integer> detailed = new ArrayList<>(added.size());
        List<Integer> folded = new ArrayList<>(added.size());
        added.forEach((window, rows) -> {
            environments.add(window.environmentId().toString());
            starts.add(window.start().toString());
            detailed.add(rows.detailedRows());
            folded.add(rows.foldedRows());
        });
        try (PreparedStatement upsert = connection.prepareStatement(ADD)) {
            upsert.setArray(1, connection.createArrayOf("text", environments.toArray()));
            upsert.setArray(2, connection.createArrayOf("text", starts.toArray()));
            upsert.setArray(3, connection.createArrayOf("int4", detailed.toArray()));
            upsert.setArray(4, connection.createArrayOf("int4", folded.toArray()));
            upsert.executeUpdate();
        }
    }
}
