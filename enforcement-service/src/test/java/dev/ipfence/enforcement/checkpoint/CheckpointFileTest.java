package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.model.GeneratedRules;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
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
                assertThat(got.rule()).isEqualTo(want.rule());
                assertThat(got.tombstone()).isEqualTo(want.tombstone());
            }
        }
    }

    @Test
    void holdsRulesParsedAndEveryOtherRecordAsItsBytes() throws Exception {
        Checkpoint written = generated(new Random(13));
        assertThat(written.records())
                .as("the generated checkpoint has rules, values and tombstones")
                .anyMatch(record -> record.rule() != null)
                .anyMatch(record -> record.value() != null)
                .anyMatch(CheckpointRecord::tombstone);
        Checkpoint read = CheckpointFile.read(new ByteArrayInputStream(bytes(written)));
        assertThat(read.records())
                .extracting(CheckpointRecord::rule)
                .isEqualTo(
                        written.records().stream().map(CheckpointRecord::rule).toList());
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
                new RuleEvent.RuleChange(rule.id(), 1, UUID.randomUUID(), rule));
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
                new RuleEvent.RuleChange(rule.id(), 1, UUID.randomUUID(), rule));
        byte[] bad = bytes(new Checkpoint(TOPIC, TOPIC_ID, "0/1", CURRENT_AT, Map.of(0, 1L), List.of(record)));
        assertThatThrownBy(() -> CheckpointFile.read(new ByteArrayInputStream(bad)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("under key " + rule.id().toString().toUpperCase(Locale.ROOT));
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

    /** Records of every kind: rules (IPv4 and IPv6, CIDRs and ranges, with and without expiry or traffic scopes), values, tombstones. */
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
            int kind = i < 3 ? i : random.nextInt(6);
            if (kind == 0) {
                records.add(new CheckpointRecord(
                        partition, offset, new UUID(random.nextLong(), random.nextLong()).toString(), null));
            } else if (kind == 1) {
                byte[] value = ("{\"version\":" + random.nextInt(100) + ",\"x\":\"" + "é".repeat(random.nextInt(5))
                                + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                records.add(new CheckpointRecord(
                        partition, offset, new UUID(random.nextLong(), random.nextLong()).toString(), value));
            } else {
                Rule rule = GeneratedRules.rules(random, scopes[random.nextInt(scopes.length)], 1)
                        .get(0);
                UUID orgId = random.nextInt(8) == 0 ? null : GeneratedRules.uuid(random);
                records.add(new CheckpointRecord(
                        partition,
                        offset,
                        rule.id().toString(),
                        null,
                        new RuleEvent.RuleChange(rule.id(), random.nextInt(1000), orgId, rule)));
            }
        }
        // current a moment ago, to the millisecond the file keeps
        Instant currentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(random.nextInt(3600));
        return new Checkpoint(TOPIC, TOPIC_ID, "0/1", currentAt, next, LatestRecords.inOrder(records));
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
