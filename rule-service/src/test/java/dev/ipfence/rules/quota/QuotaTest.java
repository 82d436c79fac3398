package dev.ipfence.rules.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ipfence.web.Problem;
import dev.ipfence.web.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaTest {

    private static final Quota RULES = new Quota("ipfence.rules.quota.rules", 10, "The organization", "rules");
    private static final Quota PER_SCOPE =
            new Quota("ipfence.rules.max-rules-per-scope", 4, "The environment scope", "rules");

    @Test
    void fillsUpToTheLimitExactly() {
        assertThatCode(() -> Quota.check(1, List.of(RULES.at(9)))).doesNotThrowAnyException();
        assertThatCode(() -> Quota.check(10, List.of(RULES.at(0)))).doesNotThrowAnyException();
        assertThat(refusal(1, List.of(RULES.at(10))).quota())
                .isEqualTo(new Problem.Quota("ipfence.rules.quota.rules", 10, 10, 1, 0));
        assertThat(refusal(11, List.of(RULES.at(0))).quota())
                .isEqualTo(new Problem.Quota("ipfence.rules.quota.rules", 10, 0, 11, 10));
    }

    @Test
    void refusalIsA409QuotaExceededNamingTheKeyTheLimitTheCountAndHowManyFit() {
        ProblemException refused = refusal(8, List.of(RULES.at(5)));
        Problem problem = refused.problem("/api/org/ip-access-rules/bulk");
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.type()).isEqualTo("https://ipfence.dev/problems/quota-exceeded");
        assertThat(problem.title()).isEqualTo("Conflict");
        assertThat(problem.instance()).isEqualTo("/api/org/ip-access-rules/bulk");
        assertThat(problem.errors()).isNull();
        assertThat(problem.detail())
                .isEqualTo("The organization holds 5 rules; the limit is 10 (ipfence.rules.quota.rules): adding 8"
                        + " would pass it, 5 fit. Nothing was created.");
        assertThat(problem.quota()).isEqualTo(new Problem.Quota("ipfence.rules.quota.rules", 10, 5, 8, 5));
    }

    @Test
    void addingNothingAlwaysFitsEvenOverALoweredLimit() {
        assertThatCode(() -> Quota.check(0, List.of(RULES.at(12)))).doesNotThrowAnyException();
        assertThat(RULES.at(12).available()).isZero();
        assertThat(refusal(1, List.of(RULES.at(12))).quota().available()).isZero();
    }

    @Test
    void theLimitLeavingTheLeastRoomIsTheOneReported() {
        // the scope has room for 1, the organization for 3
        assertThat(refusal(2, List.of(RULES.at(7), PER_SCOPE.at(3))).quota())
                .isEqualTo(new Problem.Quota("ipfence.rules.max-rules-per-scope", 4, 3, 2, 1));
        // the organization has room for 1, the scope for 4
        assertThat(refusal(2, List.of(RULES.at(9), PER_SCOPE.at(0))).quota())
                .isEqualTo(new Problem.Quota("ipfence.rules.quota.rules", 10, 9, 2, 1));
        // both have room
        assertThatCode(() -> Quota.check(1, List.of(RULES.at(9), PER_SCOPE.at(3))))
                .doesNotThrowAnyException();
    }

    private static ProblemException refusal(long adding, List<Quota.Usage> usages) {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> Quota.check(adding, usages));
        assertThat(refused).as("adding %d to %s is refused", adding, usages).isNotNull();
        return refused;
    }
}
