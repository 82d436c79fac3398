package dev.ipfence.core.matcher;

import static dev.ipfence.core.model.GeneratedRules.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast structures' precedence is the reference's most-specific-first order. */
class PrecedenceTest {

    @Test
    void sortedIsTheReferenceOrderOnGeneratedRules() {
        Random random = new Random(20261202);
        for (int set = 0; set < 500; set++) {
            List<Rule> all = new ArrayList<>();
            for (Scope scope : Scope.values()) {
                all.addAll(rules(random, scope, 1 + random.nextInt(30)));
            }
            List<Rule> expected = new ArrayList<>(all);
            expected.sort(AccessModel.MOST_SPECIFIC_FIRST);
            assertThat(Precedence.sorted(all)).as("set %d", set).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void compareAndIpv4RankOrderPairsOfRulesLikeTheReference() {
        Random random = new Random(20261203);
        int pairs = 0;
        int ties = 0;
        for (int i = 0; i < 20_000; i++) {
            Rule a = rules(random, Scope.values()[random.nextInt(3)], 1).get(0);
            Rule b = rules(random, Scope.values()[random.nextInt(3)], 1).get(0);
            int reference = Integer.signum(AccessModel.MOST_SPECIFIC_FIRST.compare(a, b));
            int compared = Integer.signum(
                    Precedence.compare(a, a.scope().ordinal(), b, b.scope().ordinal()));
            if (compared == 0) {
                // same span, action and scope: the reference goes on to age and id
                ties++;
            } else {
                assertThat(compared).as("%s vs %s", a, b).isEqualTo(reference);
            }
            if (a.block().family() == IpFamily.IPV4 && b.block().family() == IpFamily.IPV4) {
                pairs++;
                long rankA = Precedence.ipv4Rank(
                        (int) a.block().spanLo(), isDeny(a), a.scope().ordinal());
                long rankB = Precedence.ipv4Rank(
                        (int) b.block().spanLo(), isDeny(b), b.scope().ordinal());
                assertThat(Long.signum(Long.compare(rankA, rankB)))
                        .as("%s vs %s", a, b)
                        .isEqualTo(compared);
            }
        }
        assertThat(pairs).as("IPv4 pairs compared").isGreaterThan(1_000);
        assertThat(ties).as("ties left to age and id").isGreaterThan(0);
    }

    @Test
    void ipv4RankOfTheWholeSpaceStaysBelowNoRule() {
        assertThat(Precedence.ipv4Rank(-1, false, Scope.ORG.ordinal())).isLessThan(Precedence.IPV4_NO_RULE);
        assertThat(Precedence.ipv4Rank(-1, true, Scope.ENVIRONMENT.ordinal()))
                .isGreaterThan(Precedence.ipv4Rank(-2, false, Scope.ORG.ordinal()));
    }

    private static boolean isDeny(Rule rule) {
        return rule.action() == dev.ipfence.core.model.Action.DENY;
    }
}
