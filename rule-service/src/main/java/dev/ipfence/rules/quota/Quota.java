package dev.ipfence.rules.quota;

import dev.ipfence.web.Problem;
import dev.ipfence.web.ProblemException;
import java.util.List;

/**
 * A limit on how many things one holder may have, named by its configuration key: the one rule
 * every create passes (projects, environments, rules per organization, rules per scope).
 *
 * @param key the configuration key that sets the limit, e.g. {@code ipfence.rules.quota.rules}
 * @param limit the most the holder may have
 * @param holder who holds them, as a sentence starts: {@code The organization}
 * @param things what is counted, plural: {@code rules}
 */
public record Quota(String key, long limit, String holder, String things) {

    /** A quota and how many its holder has now. */
    public record Usage(Quota quota, long current) {

        /** How many more fit; 0 when full, and when over the limit after it was lowered. */
        public long available() {
            return Math.max(0, quota.limit() - current);
        }
    }

    public Usage at(long current) {
        return new Usage(this, current);
    }

    /**
     * Refuses adding {@code adding} when it would pass any of the limits, naming the one that leaves
     * the least room (so "n fit" is true for all of them). Adding nothing always fits.
     */
    public static void check(long adding, List<Usage> usages) {
        if (adding > 0 && tightest(usages).available() < adding) {
            throw refusal(adding, usages);
        }
    }

    /**
     * The refusal of adding {@code adding}, naming the limit that leaves the least room: for a
     * caller that already knows it does not fit.
     */
    public static ProblemException refusal(long adding, List<Usage> usages) {
        Usage tightest = tightest(usages);
        return tightest.quota().exceeded(tightest.current(), adding, tightest.available());
    }

    private static Usage tightest(List<Usage> usages) {
        Usage tightest = usages.get(0);
        for (Usage usage : usages) {
            if (usage.available() < tightest.available()) {
                tightest = usage;
            }
        }
        return tightest;
    }

    private ProblemException exceeded(long current, long adding, long available) {
        return ProblemException.quotaExceeded(
                holder + " holds " + current + " " + things + "; the limit is " + limit + " (" + key + "): adding "
                        + adding + " would pass it, " + available + " fit. Nothing was created.",
                new Problem.Quota(key, limit, current, adding, available));
    }
}
