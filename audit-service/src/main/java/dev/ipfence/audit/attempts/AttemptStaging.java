package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.FloodFolding.Plan;
import dev.ipfence.audit.ingest.PgBinaryCopy;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpFamily;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Writes a {@link Plan} through a session-local staging table: every row of the plan goes in with
 * one binary {@code COPY}, then one {@code insert ... select} adds the events stored as received
 * ({@code on conflict (event_id) do nothing}: an event read again is recognised by its id) and one
 * adds to the folded rows ({@code on conflict (event_id) do update}). The staging table is
 * temporary and emptied at commit, so it never holds anything between batches.
 */
final class AttemptStaging {

    static final String COLUMNS = "event_id, environment_id, org_id, ip, ip_text, method, path, target, occurred_at,"
            + " last_at, traffic_scope, rule_id, reason, attempts, policy_id, fold_level, folded_events,"
            + " source_partition, source_offset";
    private static final int FIELDS = 19;

    private static final String CREATE = "create temporary table if not exists attempt_staging ("
            + "event_id uuid not null, environment_id uuid not null, org_id uuid, ip inet, ip_text text not null,"
            + " method text, path text, target text, occurred_at timestamptz not null, last_at timestamptz not null,"
            + " traffic_scope text, rule_id uuid, reason text not null, attempts bigint not null, policy_id uuid,"
            + " fold_level smallint not null, folded_events bigint not null, source_partition integer,"
            + " source_offset bigint) on commit delete rows";

    private static final String COPY = "copy attempt_staging (" + COLUMNS + ") from stdin (format binary)";

    private static final String INSERT_DETAILED = "insert into blocked_attempt (" + COLUMNS + ") select " + COLUMNS
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

    private static final int BYTES_PER_ROW = 256;

    private AttemptStaging() {}

    /** Writes the plan in the connection's transaction; returns the ids of the events that were new. */
    static Set<UUID> write(Connection connection, Plan plan, AttemptBatchWriter.Steps steps) throws SQLException {
        if (plan.detailed().isEmpty() && plan.folds().isEmpty()) {
            return Set.of();
        }
        long started = System.nanoTime();
        try (Statement create = connection.createStatement()) {
            create.execute(CREATE);
        }
        copy(connection, encode(plan.detailed(), plan.folds()));
        long copied = System.nanoTime();
        steps.took("copy", copied - started);
        Set<UUID> inserted = new HashSet<>();
        if (!plan.detailed().isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_DETAILED);
                    ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getObject(1, UUID.class));
                }
            }
        }
        long insertedAt = System.nanoTime();
        steps.took("insert", insertedAt - copied);
        if (!plan.folds().isEmpty()) {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_FOLDS)) {
                upsert.executeUpdate();
            }
        }
        steps.took("folds", System.nanoTime() - insertedAt);
        return inserted;
    }

    private static void copy(Connection connection, byte[] data) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new SQLException("copying into attempt_staging failed", e);
        }
    }

    /** The rows of the plan in the staging table's binary {@code COPY} form, columns as in {@link #COLUMNS}. */
    static byte[] encode(List<AttemptRow> detailed, List<Fold> folds) {
        PgBinaryCopy copy = new PgBinaryCopy((detailed.size() + folds.size()) * BYTES_PER_ROW);
        for (AttemptRow a : detailed) {
            IpAddress address = a.address();
            copy.row(FIELDS)
                    .uuid(a.id())
                    .uuid(a.environmentId())
                    .uuid(a.orgId())
                    .inet(bytes(address), address == null ? 0 : bits(address.family()))
                    .text(a.ipText())
                    .text(a.method())
                    .text(a.path())
                    .text(a.target())
                    .timestamptz(a.first())
                    .timestamptz(a.last())
                    .text(a.trafficScope())
                    .uuid(a.ruleId())
                    .text(a.reason())
                    .int8(a.count())
                    .uuid(a.policyId())
                    .int2((short) 0)
                    .int8(0)
                    .nullValue()
                    .nullValue();
        }
        for (Fold f : folds) {
            IpAddress network = f.network();
            copy.row(FIELDS)
                    .uuid(f.id())
                    .uuid(f.environmentId())
                    .uuid(f.orgId())
                    .inet(bytes(network), network == null ? 0 : FoldKeys.sourcePrefix(network))
                    .text(f.source())
                    .text(f.method())
                    .text(f.path())
                    .text(f.target())
                    .timestamptz(f.first())
                    .timestamptz(f.last())
                    .text(f.trafficScope())
                    .uuid(f.ruleId())
                    .text(f.reason())
                    .int8(f.attempts())
                    .uuid(f.policyId())
                    .int2(f.level())
                    .int8(f.events())
                    .int4(f.partition())
                    .int8(f.offset());
        }
        return copy.finish();
    }

    private static int bits(IpFamily family) {
        return family == IpFamily.IPV4 ? 32 : 128;
    }

    /** The address in network byte order: 4 bytes for IPv4, 16 for IPv6; null for null. */
    static byte[] bytes(IpAddress address) {
        if (address == null) {
            return null;
        }
        if (address.family() == IpFamily.IPV4) {
            long v = address.lo();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (address.hi() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (address.lo() >>> (56 - 8 * i));
        }
        return bytes;
    }
}
