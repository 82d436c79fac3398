package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    private static final String TOPIC = "ipfence.rules.v1";

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
            }
        }
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

    private static Checkpoint generated(Random random) {
        int partitions = 1 + random.nextInt(4);
        Map<Integer, Long> next = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            next.put(p, 0L);
        }
        List<CheckpointRecord> records = new ArrayList<>();
        int count = random.nextInt(40);
        for (int i = 0; i < count; i++) {
            int partition = random.nextInt(partitions);
            long offset = next.get(partition) + random.nextInt(3);
            next.put(partition, offset + 1);
            byte[] value = random.nextInt(6) == 0
                    ? null
                    : ("{\"version\":" + random.nextInt(100) + ",\"x\":\"" + "é".repeat(random.nextInt(5)) + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
            records.add(new CheckpointRecord(
                    partition, offset, new UUID(random.nextLong(), random.nextLong()).toString(), value));
        }
        return new Checkpoint(TOPIC, "0/1", next, LatestRecords.inOrder(records));
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
