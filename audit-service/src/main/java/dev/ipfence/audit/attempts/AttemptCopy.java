package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.FloodFolding.Plan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Writes a {@link Plan} with binary {@code COPY}. The events stored as received are copied straight
 * into {@code blocked_attempt}; its primary key (the event id) refuses the whole copy if one of them
 * is there already (a batch read again after a restart), and then, back at the savepoint, they go
 * through a session-local staging table and {@code insert ... select ... on conflict (event_id) do
 * nothing}, which stores only the new ones. Folded rows always go through the staging table and
 * {@code insert ... on conflict (event_id) do update}, which adds to them. The staging table is
 * temporary and emptied at commit, so it never holds anything between batches.
 */
final class AttemptCopy {

    private static final String COLUMNS = AttemptCopyRows.COLUMNS;
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String CREATE = "create temporary table if not exists attempt_staging ("
            + "event_id uuid not null, environment_id uuid not null, org_id uuid, ip inet, ip_text text not null,"
            + " method text, path text, target text, occurred_at timestamptz not null, last_at timestamptz not null,"
            + " traffic_scope text, rule_id uuid, reason text not null, attempts bigint not null, policy_id uuid,"
            + " fold_level smallint not null, folded_events bigint not null, source_partition integer,"
            + " source_offset bigint) on commit delete rows";

    private static final String COPY_DIRECT = "copy blocked_attempt (" + COLUMNS + ") from stdin (format binary)";
    private static final String COPY_STAGING = "copy attempt_staging (" + COLUMNS + ") from stdin (format binary)";

    private static final String INSERT_NEW = "insert into blocked_attempt (" + COLUMNS + ") select " + COLUMNS
            + " from attempt_staging where fold_level = 0 on conflict (event_id) do nothing returning event_id";

    private static final String UPSERT_FOLDS = "insert into blocked_attempt (" + COLUMNS + ") select " + COLUMNS
            + " from attempt_staging where fold_level > 0"
            + " on conflict (event_id) do update set"
            + " attempts = blocked_attempt.attempts + excluded.attempts,"
            + " folded_events = blocked_attempt.folded_events + excluded.folded_events,"
            + " occurred_at = least(blocked_attempt.occurred_at, excluded.occurred_at),"
            + " last_at = greatest(blocked_attempt.last_at, excluded.last_at),"
            + " reason = case when blocked_attempt.reason = excluded.reason then blocked_attempt.reason else '"
            + FloodFolding.MIXED + "' end,"
            + " rule_id = case when blocked_attempt.rule_id is not distinct from excluded.rule_id"
            + " then blocked_attempt.rule_id end,"
            + " policy_id = case when blocked_attempt.policy_id is not distinct from excluded.policy_id"
            + " then blocked_attempt.policy_id end,"
            + " traffic_scope = case when blocked_attempt.traffic_scope is not distinct from excluded.traffic_scope"
            + " then blocked_attempt.traffic_scope end,"
            + " source_partition = excluded.source_partition, source_offset = excluded.source_offset"
            + " where blocked_attempt.fold_level = excluded.fold_level";

    private AttemptCopy() {}

    /** Writes the plan in the connection's transaction; returns the ids of the events that were new. */
    static Set<UUID> write(Connection connection, Plan plan, AttemptBatchWriter.Steps steps) throws SQLException {
        long started = System.nanoTime();
        Set<UUID> inserted = plan.detailed().isEmpty() ? Set.of() : insertDetailed(connection, plan.detailed());
        long foldsStarted = System.nanoTime();
        steps.took("copy", foldsStarted - started);
        if (!plan.folds().isEmpty()) {
            stage(connection, AttemptCopyRows.encode(List.of(), plan.folds()));
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_FOLDS)) {
                upsert.executeUpdate();
            }
            steps.took("folds", System.nanoTime() - foldsStarted);
        }
        return inserted;
    }

    private static Set<UUID> insertDetailed(Connection connection, List<AttemptRow> rows) throws SQLException {
        byte[] data = AttemptCopyRows.encode(rows, List.of());
        Savepoint beforeCopy = connection.setSavepoint();
        try {
            copy(connection, COPY_DIRECT, data);
            connection.releaseSavepoint(beforeCopy);
            Set<UUID> inserted = new HashSet<>();
            rows.forEach(row -> inserted.add(row.id()));
            return inserted;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeCopy); // some were stored before: keep only the new ones
        }
        stage(connection, data);
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_NEW);
                ResultSet stored = insert.executeQuery()) {
            while (stored.next()) {
                inserted.add(stored.getObject(1, UUID.class));
            }
        }
        return inserted;
    }

    private static void stage(Connection connection, byte[] data) throws SQLException {
        try (Statement create = connection.createStatement()) {
            create.execute(CREATE);
        }
        copy(connection, COPY_STAGING, data);
    }

    private static void copy(Connection connection, String sql, byte[] data) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new SQLException("copying blocked attempts failed", e);
        }
    }
}
