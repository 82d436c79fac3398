package dev.ipfence.core.matcher;

import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Rule;
import java.util.Arrays;

/** One family's rules of a chain that apply to one traffic scope, in precedence order across the three scopes. */
final class ChainFamily {
    final int count;
    final long[] firstHi;
    final long[] firstLo;
    final long[] lastHi;
    final long[] lastLo;
    /** Owner and position: the answer when the rule decides. */
    final int[] answer;

    /** The ordinal of the owning scope. */
    final int[] scope;

    final boolean[] deny;
    final boolean[] expires;

    private ChainFamily(int count) {
        this.count = count;
        firstHi = new long[count];
        firstLo = new long[count];
        lastHi = new long[count];
        lastLo = new long[count];
        answer = new int[count];
        scope = new int[count];
        deny = new boolean[count];
        expires = new boolean[count];
    }

    /** Each scope's rules are already in precedence order: merging the three gives the chain's. */
    static ChainFamily collect(CompiledRules[] owners, boolean v6, String trafficScope) {
        int[][] picked = new int[3][];
        int total = 0;
        for (int s = 0; s < 3; s++) {
            CompiledRules rules = owners[s];
            int from = v6 ? rules.ipv6.ruleBase : 0;
            int to = v6 ? rules.live() : rules.ipv6.ruleBase;
            int[] list = new int[to - from];
            int n = 0;
            for (int i = from; i < to; i++) {
                Rule rule = rules.rules[i];
                if (Liveness.appliesTo(rule.trafficScopes(), trafficScope)) {
                    list[n++] = i;
                }
            }
            picked[s] = Arrays.copyOf(list, n);
            total += n;
        }
        ChainFamily family = new ChainFamily(total);
        int[] cursor = new int[3];
        for (int out = 0; out < total; out++) {
            int best = -1;
            for (int s = 0; s < 3; s++) {
                if (cursor[s] < picked[s].length
                        && (best < 0
                                || Precedence.compare(
                                                owners[s].rules[picked[s][cursor[s]]],
                                                s,
                                                owners[best].rules[picked[best][cursor[best]]],
                                                best)
                                        < 0)) {
                    best = s;
                }
            }
            int position = picked[best][cursor[best]++];
            Rule rule = owners[best].rules[position];
            family.firstHi[out] = rule.block().first().hi();
            family.firstLo[out] = rule.block().first().lo();
            family.lastHi[out] = rule.block().last().hi();
            family.lastLo[out] = rule.block().last().lo();
            family.answer[out] = Answer.of(best, position);
            family.scope[out] = best;
            family.deny[out] = rule.action() == Action.DENY;
            family.expires[out] = Liveness.expires(Liveness.expiresAt(rule));
        }
        return family;
    }
}
