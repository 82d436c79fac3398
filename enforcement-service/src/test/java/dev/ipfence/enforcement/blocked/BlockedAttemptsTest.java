package dev.ipfence.enforcement.blocked;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.common.EnforcementConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The buffer in front of Kafka, without Kafka: nothing here starts the publishing thread. */
class BlockedAttemptsTest {

    private static final UUID ENV = UUID.randomUUID();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theTextOfAnAttemptIsCutToTheEventContractsLengths() {
        String huge = "x".repeat(100_000);
        BlockedAttempts.Attempt attempt = attempt(huge, "/" + huge);
        assertThat(attempt.ip()).hasSize(64);
        assertThat(attempt.method()).isEqualTo("GET");
        assertThat(attempt.path()).hasSize(2048).startsWith("/x");
        assertThat(new BlockedAttempts.Attempt(
                                ENV, null, "1.2.3.4", huge, "/", huge, 0, huge, null, Decision.Reason.NOT_ALLOWLISTED)
                        .method())
                .hasSize(16);
        assertThat(attempt.estimatedBytes()).isEqualTo(256 + 2 * (64 + 3 + 2048 + 12 + 4));
    }

    @Test
    void aBufferFullOfBytesDropsNewAttemptsAndCountsThem() {
        BlockedAttempts buffer = buffer(100_000, 64 * 1024);
        BlockedAttempts.Attempt big = attempt("2001:db8::1", "/" + "p".repeat(5_000));
        long each = big.estimatedBytes();
        int fit = (int) (64 * 1024 / each);
        for (int i = 0; i < 100; i++) {
            buffer.record(big);
        }
        assertThat(fit).isEqualTo(14);
        assertThat(buffer.bufferedBytes()).isEqualTo(fit * each);
        assertThat(registry.get("ipfence.blocked.attempts.dropped").counter().count())
                .isEqualTo(100 - fit);
        assertThat(registry.get("ipfence.blocked.attempts.buffered").gauge().value())
                .isEqualTo(fit);
        assertThat(registry.get("ipfence.blocked.attempts.buffered.bytes")
                        .gauge()
                        .value())
                .isEqualTo((double) fit * each);
        // a small attempt still fits in what is left
        BlockedAttempts.Attempt small = attempt("198.51.100.1", "/");
        assertThat(64 * 1024 - fit * each).isGreaterThanOrEqualTo(small.estimatedBytes());
        buffer.record(small);
        assertThat(registry.get("ipfence.blocked.attempts.buffered").gauge().value())
                .isEqualTo(fit + 1);
    }

    @Test
    void aBufferFullOfAttemptsStillDropsByCountAndGivesTheirBytesBack() {
        BlockedAttempts buffer = buffer(10, 1024 * 1024);
        BlockedAttempts.Attempt attempt = attempt("198.51.100.1", "/");
        for (int i = 0; i < 25; i++) {
            buffer.record(attempt);
        }
        assertThat(registry.get("ipfence.blocked.attempts.dropped").counter().count())
                .isEqualTo(15);
        assertThat(buffer.bufferedBytes()).isEqualTo(10 * attempt.estimatedBytes());
    }

    private static BlockedAttempts.Attempt attempt(String ip, String path) {
        return new BlockedAttempts.Attempt(
                ENV,
                UUID.randomUUID(),
                ip,
                "GET",
                path,
                "shop.example",
                System.currentTimeMillis(),
                "http",
                null,
                Decision.Reason.NOT_ALLOWLISTED);
    }

    private BlockedAttempts buffer(int capacity, long maxBytes) {
        EnforcementConfig.BlockedAttempts blocked = new EnforcementConfig.BlockedAttempts() {
            @Override
            public int bufferCapacity() {
                return capacity;
            }

            @Override
            public MemorySize bufferMaxBytes() {
                return new MemorySize(BigInteger.valueOf(maxBytes));
            }

            @Override
            public Duration window() {
                return Duration.ofSeconds(1);
            }
        };
        EnforcementConfig config = (EnforcementConfig) Proxy.newProxyInstance(
                EnforcementConfig.class.getClassLoader(),
                new Class<?>[] {EnforcementConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("blockedAttempts")) {
                        return blocked;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new BlockedAttempts(config, Map.of(), new ObjectMapper(), registry);
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesAreEscaped() {
        var attempt = new BlockedAttempts.Attempt(
                UUID.randomUUID(),
                null,
                "10.0.0.1\u0000",
                "GET\r\n",
                "/a\u001b[31m\ud800",
                "shop.example\u007f",
                0,
                null,
                null,
                Decision.Reason.BAD_CLIENT_IP);
        assertThat(attempt.ip()).isEqualTo("10.0.0.1\\u0000");
        assertThat(attempt.method()).isEqualTo("GET\\u000d\\u000a");
        assertThat(attempt.path()).isEqualTo("/a\\u001b[31m\\ud800");
        assertThat(attempt.target()).isEqualTo("shop.example\\u007f");
    }

    @Test
    void ordinaryTextIsKeptAsItIs() {
        for (String text : new String[] {"10.0.0.1", "2001:db8::1", "/caf\u00e9/\ud83d\ude00", "\uff11.2.3.4", ""}) {
            assertThat(PrintableText.of(text)).isSameAs(text);
        }
        assertThat(PrintableText.of(null)).isNull();
    }

    @Test
    void anyStringBecomesValidUtf8WithoutNul() throws java.nio.charset.CharacterCodingException {
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 10_000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = random.nextInt(4) == 0 ? (char) random.nextInt(0x20) : (char) random.nextInt(0x10000);
            }
            String printable = PrintableText.of(new String(chars));
            assertThat(printable).doesNotContain("\u0000");
            java.nio.charset.StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(printable));
        }
    }
}
