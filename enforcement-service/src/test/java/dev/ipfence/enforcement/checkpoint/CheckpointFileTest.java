package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.model.GeneratedRules;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord.AppliedTo;
import dev.ipfence.enforcement.state.OrganizationShard;
import dev.ipfence.enforcement.state.RuleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    private static final String TOPIC = "ipfence.rules.v1";
    static final String TOPIC_ID = "bWFkZS11cC10b3BpYy1pZA";
    static final Instant CURRENT_AT = Instant.parse("2026-12-03T06:00:00.123Z");

    @TempDir
    Path dir;

    @Test
    void readsBackWhatWasWrittenOnGeneratedCheckpoints() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            Checkpoint written = generated(random);
            Checkpoint read = CheckpointFile.read(new ByteArrayInputStream(bytes(written)));
            assertThat(read.topic()).isEqualTo(written.topic());
            assertThat(read.nextOffsets()).isEqualTo(written.nextOffsets());
            assertThat(read.records()).hasSameSizeAs(written.records());
            for (int i = 0; i < read.records().size(); i++) {
                CheckpointRecord got = read.records().get(i);
                CheckpointRecord want = written.records().get(i);
                assertThat(got.partition()).isEqualTo(want.partition());
                assertThat(got.offset()).isEqualTo(want.offset());
                assertThat(got.key()).isEqualTo(want.key());
                assertThat(got.value()).isEqualTo(want.value());
                assertThat(got.parsed()).isEqualTo(want.parsed());
                assertThat(got.appliedTo()).isEqualTo(want.appliedTo());
            }
        }
    }

    @Test
    void holdsRulesAndDeletionsParsedAndEveryOtherRecordAsItsBytes() throws Exception {
        Checkpoint written = generated(new Random(13));
        assertThat(written.records())
                .as("the generated checkpoint has rules, deletions and values")
                .anyMatch(record -> record.parsed() instanceof RuleEvent.RuleChange change && change.rule() != null)
                .anyMatch(record -> DeletionCodec.encodable(record.parsed()))
                .anyMatch(record -> record.value() != null);
        Checkpoint read = CheckpointFile.read(new ByteArrayInputStream(bytes(written)));
        assertThat(read.records())
                .extracting(CheckpointRecord::parsed)
                .isEqualTo(
                        written.records().stream().map(CheckpointRecord::parsed).toList());
        assertThat(read.topic()).isEqualTo(TOPIC);
        assertThat(read.topicId()).isEqualTo(TOPIC_ID);
        assertThat(read.shard()).isEqualTo("0/1");
        assertThat(read.currentAt()).isEqualTo(written.currentAt());
    }

    @Test
    void rejectsEveryCheckpointWithOneBitOrOneByteChangedAtAnyPosition() {
        byte[] good = bytes(generated(new Random(17)));
        for (int at = 0; at < good.length; at++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) flip;
                int position = at;
                assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                        .as("byte %d of %d xor %x", position, bad.length, flip)
                        .isInstanceOf(CheckpointException.class);
            }
        }
    }

    @Test
    void rejectsTheFormatBeforeRulesWereHeldParsed() {
        // version 2: the same header, each record as on the topic (partition, offset, key, value)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("IPFCKPT".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(2);
            out.writeUTF(TOPIC);
            out.writeUTF("0/1");
            out.writeInt(1);
            out.writeInt(0);
            out.writeLong(1);
            out.writeInt(1);
            out.writeInt(0);
            out.writeLong(0);
            byte[] key = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
            out.writeShort(key.length);
            out.write(key);
            out.writeInt(-1);
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("format version 2, this version reads " + CheckpointFile.FORMAT_VERSION);
    }

    @Test
    void rejectsARuleUnderAKeyThatIsNotItsId() {
        Rule rule = GeneratedRules.rules(new Random(19), Scope.PROJECT, 1).get(0);
        CheckpointRecord record = new CheckpointRecord(
                0,
                0,
                UUID.randomUUID().toString(),
                null,
                new RuleEvent.RuleChange(rule.id(), 1, UUID.randomUUID(), rule),
                CheckpointRecord.AppliedTo.STORE);
        byte[] bad = bytes(new Checkpoint(TOPIC, TOPIC_ID, "0/1", CURRENT_AT, Map.of(0, 1L), List.of(record)));
        assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("under key");
    }

    @Test
    void rejectsARuleUnderAnotherSpellingOfItsId() {
        // the topic's reader refuses such a record (RuleEventReader), so no checkpoint holds it
        // as a rule; one written by an earlier version is not used
        Rule rule = GeneratedRules.rules(new Random(23), Scope.PROJECT, 1).get(0);
        CheckpointRecord record = new CheckpointRecord(
                0,
                0,
                rule.id().toString().toUpperCase(Locale.ROOT),
                null,
                new RuleEvent.RuleChange(rule.id(), 1, UUID.randomUUID(), rule),
                CheckpointRecord.AppliedTo.STORE);
        byte[] bad = bytes(new Checkpoint(TOPIC, TOPIC_ID, "0/1", CURRENT_AT, Map.of(0, 1L), List.of(record)));
        assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("under key " + rule.id().toString().toUpperCase(Locale.ROOT));
    }

    @Test
    void readsBackARecordUnderAKeyOfAnyLength() throws Exception {
        // a record under a key that is no id is refused and kept quarantined, so the checkpoint
        // holds it however long its key; one it could not read back would be ignored at every start
        String key = "k".repeat(70_000) + "é";
        byte[] value = "garbage".getBytes(StandardCharsets.UTF_8);
        Checkpoint written = new Checkpoint(
                TOPIC,
                TOPIC_ID,
                "0/1",
                CURRENT_AT,
                Map.of(0, 1L),
                List.of(new CheckpointRecord(0, 0, key, value, null, CheckpointRecord.AppliedTo.STORE)));
        Checkpoint read = CheckpointFile.read(new ByteArrayInputStream(bytes(written)));
        assertThat(read.records()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(key);
            assertThat(record.value()).isEqualTo(value);
        });
    }

    @Test
    void rejectsAFieldOfADeletionFrameThatTheWriterNeverWrites() {
        UUID id = UUID.randomUUID();
        byte[] good = bytes(new Checkpoint(
                TOPIC,
                TOPIC_ID,
                "0/1",
                CURRENT_AT,
                Map.of(0, 1L),
                List.of(new CheckpointRecord(
                        0, 0, id.toString(), null, new RuleEvent.PolicyChange(id, 3, null, null), AppliedTo.BOTH))));
        int key = indexOf(good, id.toString().getBytes(StandardCharsets.US_ASCII));
        int appliedTo = key + 36;
        int kind = appliedTo + 1;
        int type = kind + 1;
        int version = type + 1;
        int orgFlag = version + 8 + 16;
        assertThat(good[orgFlag]).as("the layout this test assumes").isZero();
        Map<String, byte[]> changed = new TreeMap<>();
        changed.put("is applied to unknown 0", changedAt(good, appliedTo, 0));
        changed.put("is applied to unknown 4", changedAt(good, appliedTo, 4));
        changed.put("is of unknown kind 0", changedAt(good, kind, 0));
        changed.put("entity type code 0 is unknown", changedAt(good, type, 0));
        changed.put("entity type code 5 is unknown", changedAt(good, type, 5));
        changed.put("a deletion's version is -", changedAt(good, version, 0x80));
        changed.put("a deletion's organization flag is invalid", changedAt(good, orgFlag, 2));
        changed.forEach((message, bad) -> assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                .as(message)
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(message));
    }

    @Test
    void rejectsRecordsOutOfOrderOrTwiceAtOneOffset() {
        for (long second : new long[] {0, 1}) {
            List<CheckpointRecord> records = List.of(value(0, 1), value(0, second));
            byte[] bad = bytes(new Checkpoint(TOPIC, TOPIC_ID, "0/1", CURRENT_AT, Map.of(0, 2L), records));
            assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("record 1 at partition 0 offset " + second + " does not follow");
        }
    }

    @Test
    void rejectsARuleOrDeletionOfAnotherShardsOrganizationAndANegativeVersion() {
        UUID id = UUID.randomUUID();
        UUID otherShard = otherShardThanZeroOfTwo();
        Rule rule = GeneratedRules.rules(new Random(29), Scope.PROJECT, 1).get(0);
        Map<String, CheckpointRecord> bad = Map.of(
                "names organization " + otherShard + " of another shard than 0/2",
                new CheckpointRecord(
                        0, 0, id.toString(), null, new RuleEvent.RuleChange(id, 2, otherShard, null), AppliedTo.STORE),
                "a rule record's version is -1",
                new CheckpointRecord(
                        0,
                        0,
                        rule.id().toString(),
                        null,
                        new RuleEvent.RuleChange(rule.id(), -1, null, rule),
                        AppliedTo.STORE));
        bad.forEach((message, record) -> {
            byte[] file = bytes(new Checkpoint(TOPIC, TOPIC_ID, "0/2", CURRENT_AT, Map.of(0, 1L), List.of(record)));
            assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(file)))
                    .as(message)
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(message);
        });
    }

    @Test
    void holdsNoTombstone() {
        CheckpointRecord tombstone =
                new CheckpointRecord(0, 0, UUID.randomUUID().toString(), null);
        assertThatThrownBy(() ->
                        bytes(new Checkpoint(TOPIC, TOPIC_ID, "0/1", CURRENT_AT, Map.of(0, 1L), List.of(tombstone))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no tombstone");
    }

    private static CheckpointRecord value(int partition, long offset) {
        return new CheckpointRecord(
                partition, offset, UUID.randomUUID().toString(), new byte[] {1}, null, AppliedTo.STORE);
    }

    private static UUID otherShardThanZeroOfTwo() {
        while (true) {
            UUID org = UUID.randomUUID();
            if (OrganizationShard.of(org, 2) == 1) {
                return org;
            }
        }
    }

    /** {@code file} with the byte at {@code index} set to {@code value}, and its checksum made right again. */
    private static byte[] changedAt(byte[] file, int index, int value) {
        byte[] changed = file.clone();
        changed[index] = (byte) value;
        CRC32C crc = new CRC32C();
        crc.update(changed, 0, changed.length - 8);
        ByteBuffer.wrap(changed, changed.length - 8, 8).putLong(crc.getValue());
        return changed;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalStateException("not found");
    }

    @Test
    void rejectsADeletionUnderAKeyThatIsNotItsId() {
        UUID id = UUID.randomUUID();
        CheckpointRecord record = new CheckpointRecord(
                0,
                0,
                id.toString().toUpperCase(Locale.ROOT),
                null,
                new RuleEvent.PolicyChange(id, 3, null, null),
                CheckpointRecord.AppliedTo.STORE);
        byte[] bad = bytes(new Checkpoint(TOPIC, TOPIC_ID, "0/1", CURRENT_AT, Map.of(0, 1L), List.of(record)));
        assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("holds the deletion of " + id + " under key");
    }

    @Test
    void rejectsEveryCheckpointWithOneByteChangedAtARandomPosition() {
        Random random = new Random(11);
        byte[] good = bytes(generated(random));
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = good.clone();
            int at = random.nextInt(bad.length);
            bad[at] ^= (byte) (1 + random.nextInt(255));
            assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                    .as("byte %d of %d changed", at, bad.length)
                    .isInstanceOf(CheckpointException.class);
        }
    }

    @Test
    void rejectsEveryTruncationAndExtraBytes() {
        byte[] good = bytes(generated(new Random(3)));
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(cut)))
                    .as("cut to %d of %d bytes", length, good.length)
                    .isInstanceOf(CheckpointException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(longer)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("after the checksum");
    }

    @Test
    void rejectsAnotherFormatVersion() {
        byte[] other = bytes(generated(new Random(5)));
        ByteBuffer.wrap(other).putInt(7, CheckpointFile.FORMAT_VERSION + 1);
        assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(other)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("format version " + (CheckpointFile.FORMAT_VERSION + 1));
    }

    @Test
    void replacesTheFileWholeAndLeavesNoTemporaryFile() throws Exception {
        Random random = new Random(9);
        assertThat(CheckpointFile.read(dir)).isNull();
        CheckpointFile.write(dir, generated(random));
        Checkpoint second = generated(random);
        CheckpointFile.write(dir, second);
        assertThat(CheckpointFile.read(dir).nextOffsets()).isEqualTo(second.nextOffsets());
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly(CheckpointFile.NAME);
        }
    }

    @Test
    void rejectsAFileThatIsNotACheckpoint() throws Exception {
        Files.writeString(dir.resolve(CheckpointFile.NAME), "{\"rules\":[]}");
        assertThatThrownBy(() -> CheckpointFile.read(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("magic");
    }

    /** Records of every kind: rules (IPv4 and IPv6, CIDRs and ranges, with and without expiry or traffic scopes), deletions, values. */
    static Checkpoint generated(Random random) {
        int partitions = 1 + random.nextInt(4);
        Map<Integer, Long> next = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            next.put(p, 0L);
        }
        List<CheckpointRecord> records = new ArrayList<>();
        int count = 10 + random.nextInt(40);
        Scope[] scopes = Scope.values();
        for (int i = 0; i < count; i++) {
            int partition = random.nextInt(partitions);
            long offset = next.get(partition) + random.nextInt(3);
            next.put(partition, offset + 1);
            int kind = i < 4 ? i : random.nextInt(6);
            if (kind <= 1) {
                byte[] value = ("{\"version\":" + random.nextInt(100) + ",\"x\":\"" + "é".repeat(random.nextInt(5))
                                + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                records.add(new CheckpointRecord(
                        partition,
                        offset,
                        new UUID(random.nextLong(), random.nextLong()).toString(),
                        value,
                        null,
                        appliedTo(random)));
            } else if (kind == 3) {
                UUID id = GeneratedRules.uuid(random);
                records.add(new CheckpointRecord(
                        partition, offset, id.toString(), null, deletion(random, id), appliedTo(random)));
            } else {
                Rule rule = GeneratedRules.rules(random, scopes[random.nextInt(scopes.length)], 1)
                        .get(0);
                UUID orgId = random.nextInt(8) == 0 ? null : GeneratedRules.uuid(random);
                records.add(new CheckpointRecord(
                        partition,
                        offset,
                        rule.id().toString(),
                        null,
                        new RuleEvent.RuleChange(rule.id(), random.nextInt(1000), orgId, rule),
                        appliedTo(random)));
            }
        }
        // current a moment ago, to the millisecond the file keeps
        Instant currentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(random.nextInt(3600));
        return new Checkpoint(TOPIC, TOPIC_ID, "0/1", currentAt, next, LatestRecords.inOrder(records));
    }

    private static CheckpointRecord.AppliedTo appliedTo(Random random) {
        CheckpointRecord.AppliedTo[] all = CheckpointRecord.AppliedTo.values();
        return all[random.nextInt(all.length)];
    }

    /** The deletion of a rule or policy entity {@code id}, of any of the four types, in any organization or none. */
    private static RuleEvent deletion(Random random, UUID id) {
        long version = random.nextInt(1000);
        UUID orgId = random.nextBoolean() ? null : GeneratedRules.uuid(random);
        return switch (random.nextInt(4)) {
            case 0 -> new RuleEvent.RuleChange(id, version, orgId, null);
            case 1 -> new RuleEvent.AdmissionRuleChange(id, version, orgId, null);
            case 2 -> new RuleEvent.PolicyGroupChange(id, version, orgId, null);
            default -> new RuleEvent.PolicyChange(id, version, orgId, null);
        };
    }

    private static byte[] bytes(Checkpoint checkpoint) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckpointFile.write(out, checkpoint);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
