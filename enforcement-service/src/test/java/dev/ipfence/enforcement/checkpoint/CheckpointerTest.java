package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.enforcement.common.EnforcementConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint that cannot be used is ignored, logged and counted by reason; a good one is used. */
class CheckpointerTest {

    private static final String TOPIC = "ipfence.rules.v1";

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void startsFromAGoodCheckpointWithItsRulesParsed() throws Exception {
        Checkpoint written = CheckpointFileTest.generated(new Random(37));
        CheckpointFile.write(dir, written);
        Checkpoint loaded =
                checkpointer().load(TOPIC, CheckpointFileTest.TOPIC_ID, "0/1", Map.of(), written.nextOffsets());
        assertThat(loaded).isNotNull();
        assertThat(loaded.records())
                .extracting(CheckpointRecord::parsed)
                .isEqualTo(
                        written.records().stream().map(CheckpointRecord::parsed).toList());
        assertThat(ignored("unreadable") + ignored("mismatch")).isZero();
    }

    @Test
    void ignoresACorruptTruncatedOrOldCheckpointAndCountsIt() throws Exception {
        Checkpoint written = CheckpointFileTest.generated(new Random(41));
        Path file = CheckpointFile.write(dir, written);
        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 9);
        byte[] old = good.clone();
        ByteBuffer.wrap(old).putInt(7, 2);
        int count = 0;
        for (byte[] bad : List.of(flipped, truncated, old)) {
            Files.write(file, bad);
            assertThat(checkpointer().load(TOPIC, CheckpointFileTest.TOPIC_ID, "0/1", Map.of(), written.nextOffsets()))
                    .isNull();
            assertThat(ignored("unreadable")).isEqualTo(++count);
        }
    }

    @Test
    void ignoresTheCheckpointOfAnotherShard() throws Exception {
        Checkpoint written = CheckpointFileTest.generated(new Random(43));
        CheckpointFile.write(dir, written);
        assertThat(checkpointer().load(TOPIC, CheckpointFileTest.TOPIC_ID, "1/2", Map.of(), written.nextOffsets()))
                .isNull();
        assertThat(ignored("mismatch")).isEqualTo(1);
    }

    @Test
    void ignoresACheckpointWhoseStateIsOldHoweverNewItsFile() throws Exception {
        // written just now (a copy, or rewritten while Kafka was away), its state current 25 h ago
        Checkpoint current = CheckpointFileTest.generated(new Random(47));
        Checkpoint stale = new Checkpoint(
                current.topic(),
                current.topicId(),
                current.shard(),
                Instant.now().minus(Duration.ofHours(25)),
                current.nextOffsets(),
                current.records());
        CheckpointFile.write(dir, stale);
        assertThat(checkpointer().load(TOPIC, CheckpointFileTest.TOPIC_ID, "0/1", Map.of(), stale.nextOffsets()))
                .isNull();
        assertThat(ignored("too-old")).isEqualTo(1);

        CheckpointFile.write(
                dir,
                new Checkpoint(
                        current.topic(),
                        current.topicId(),
                        current.shard(),
                        Instant.now().minus(Duration.ofHours(23)),
                        current.nextOffsets(),
                        current.records()));
        assertThat(checkpointer().load(TOPIC, CheckpointFileTest.TOPIC_ID, "0/1", Map.of(), stale.nextOffsets()))
                .isNotNull();
    }

    @Test
    void ignoresTheCheckpointOfAnotherTopicOfTheSameName() throws Exception {
        Checkpoint written = CheckpointFileTest.generated(new Random(53));
        CheckpointFile.write(dir, written);
        assertThat(checkpointer().load(TOPIC, "YW5vdGhlci1pZA", "0/1", Map.of(), written.nextOffsets()))
                .isNull();
        assertThat(ignored("mismatch")).isEqualTo(1);
    }

    @Test
    void deletesWhatAnUnfinishedWriteLeftAndStillReadsTheCheckpoint() throws Exception {
        Checkpoint written = CheckpointFileTest.generated(new Random(59));
        CheckpointFile.write(dir, written);
        Path unfinished = Files.write(dir.resolve(CheckpointFile.NAME + "123.tmp"), new byte[] {1, 2, 3});
        assertThat(checkpointer().load(TOPIC, CheckpointFileTest.TOPIC_ID, "0/1", Map.of(), written.nextOffsets()))
                .isNotNull();
        assertThat(unfinished).doesNotExist();
        assertThat(dir.resolve(CheckpointFile.NAME)).exists();
    }

    @Test
    void aClosedCheckpointerWritesNothingAndDoesNotThrow() {
        Checkpointer checkpointer = checkpointer();
        checkpointer.close();
        checkpointer.writeLater(CheckpointFileTest.generated(new Random(61)));
        assertThat(dir.resolve(CheckpointFile.NAME)).doesNotExist();
    }

    private double ignored(String reason) {
        var counter = registry.find("ipfence.rules.checkpoint.ignored")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private Checkpointer checkpointer() {
        EnforcementConfig.Checkpoint settings = (EnforcementConfig.Checkpoint) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {EnforcementConfig.Checkpoint.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "dir" -> Optional.of(dir);
                    case "interval" -> Duration.ofMinutes(5);
                    case "maxAge" -> Duration.ofHours(24);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        EnforcementConfig config = (EnforcementConfig) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EnforcementConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("checkpoint")) {
                        return settings;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new Checkpointer(config, registry);
    }
}
