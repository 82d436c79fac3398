package dev.ipfence.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextCharactersTest {

    @Test
    void lettersOfAnyPlaneArePlainText() {
        assertThat(TextCharacters.problem("caf\u00e9 \u6771\u4eac \ud83d\udeab edge", false))
                .isEmpty();
        assertThat(TextCharacters.problem("\ud83d\udeab", false)).isEmpty();
        assertThat(TextCharacters.problem("", false)).isEmpty();
    }

    @Test
    void aLoneHalfOfASurrogatePairIsNamedWithItsPosition() {
        assertThat(TextCharacters.problem("a\ud800b", false))
                .contains("not valid Unicode: a lone surrogate U+D800 at position 1");
        assertThat(TextCharacters.problem("end\ud83d", false))
                .contains("not valid Unicode: a lone surrogate U+D83D at position 3");
        assertThat(TextCharacters.problem("\udeab\ud83d", false))
                .as("the halves in the wrong order")
                .contains("not valid Unicode: a lone surrogate U+DEAB at position 0");
        assertThat(TextCharacters.problem("\ud83d\udeab\udeab", false))
                .contains("not valid Unicode: a lone surrogate U+DEAB at position 2");
    }

    @Test
    void controlCharactersAreRefusedAndLineBreaksOnlyWhereAllowed() {
        assertThat(TextCharacters.problem("a\u0007b", true))
                .contains("control characters are not allowed (found U+0007 at position 1)");
        assertThat(TextCharacters.problem("two\nlines\tand a tab", false))
                .contains("control characters are not allowed (found U+000A at position 3)");
        assertThat(TextCharacters.problem("two\r\nlines\tand a tab", true)).isEmpty();
    }
}
