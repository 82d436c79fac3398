package dev.ipfence.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CelErrorPointerTest {

    @Test
    void pointsAtTheColumnOfTheLineTheMessageNames() {
        String condition = "user.department == 'Eng'\n&& request.ip.inCidr('10.0.0.5/24')";
        assertThat(CelErrorPointer.of(condition, "no network '10.0.0.5/24' at line 2, column 22"))
                .contains("2 | && request.ip.inCidr('10.0.0.5/24')\n" + " ".repeat(4 + 21) + "^");
    }

    @Test
    void aFirstColumnCaretSitsUnderTheFirstCharacter() {
        assertThat(CelErrorPointer.of("usr.id == ''", "undeclared reference at line 1, column 1"))
                .contains("1 | usr.id == ''\n    ^");
    }

    @Test
    void nothingWhenTheMessageNamesNoPlaceOrAPlaceOutsideTheCondition() {
        assertThat(CelErrorPointer.of("true", "the condition is empty")).isEmpty();
        assertThat(CelErrorPointer.of("true", "bad at line 3, column 1")).isEmpty();
        assertThat(CelErrorPointer.of("true", "bad at line 1, column 0")).isEmpty();
        assertThat(CelErrorPointer.of(null, "bad at line 1, column 1")).isEmpty();
    }

    @Test
    void aColumnPastTheEndPointsJustAfterTheLine() {
        assertThat(CelErrorPointer.of("user.id ==", "syntax error at line 1, column 40"))
                .contains("1 | user.id ==\n" + " ".repeat(4 + 10) + "^");
    }
}
