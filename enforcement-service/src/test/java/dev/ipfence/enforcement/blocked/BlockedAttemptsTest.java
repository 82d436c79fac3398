package dev.ipfence.enforcement.blocked;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.model.Decision;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a caller of the decision endpoints sends ends up in an event every text store can hold. */
class BlockedAttemptsTest {

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
            assertThat(BlockedAttempts.printable(text)).isSameAs(text);
        }
        assertThat(BlockedAttempts.printable(null)).isNull();
    }

    @Test
    void anyStringBecomesValidUtf8WithoutNul() throws CharacterCodingException {
        Random random = new Random(14);
        for (int i = 0; i < 10_000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = random.nextInt(4) == 0 ? (char) random.nextInt(0x20) : (char) random.nextInt(0x10000);
            }
            String printable = BlockedAttempts.printable(new String(chars));
            assertThat(printable).doesNotContain("\u0000");
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(printable));
        }
    }
}
