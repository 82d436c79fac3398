package dev.ipfence.audit.attempts;

import dev.ipfence.audit.ingest.PgBinaryCopy;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpFamily;
import java.util.List;

/**
 * Rows of {@code blocked_attempt} in binary {@code COPY} form, columns as in {@link #COLUMNS}: an
 * event as received (fold level 0, no source offset) or a folded row.
 */
final class AttemptCopyRows {

    static final String COLUMNS = "event_id, environment_id, org_id, ip, ip_text, method, path, target, occurred_at,"
            + " last_at, traffic_scope, rule_id, reason, attempts, policy_id, fold_level, folded_events,"
            + " source_partition, source_offset";
    private static final int FIELDS = 19;
    private static final int BYTES_PER_ROW = 256;

    private AttemptCopyRows() {}

    /** The rows in binary {@code COPY} form: the events as received first, then the folded rows. */
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
