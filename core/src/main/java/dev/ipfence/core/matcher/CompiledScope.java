package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one scope (an organization, a project or an environment) compiled for lookups:
 * immutable, so any number of threads read it without locks, and a lookup allocates nothing.
 *
 * <p>The address space is cut into segments at every rule boundary; each segment lists the rules
 * covering it, most specific first, so a lookup is a binary search followed by a short scan for
 * the first live deny and the first live allow. Expiry and traffic scopes are checked during the
 * scan, against the caller's clock: no rebuild is needed when a rule expires. Inactive rules are
 * left out at compile time since they never match.
 */
public final class CompiledScope {

    public static final long NEVER = Long.MAX_VALUE;

    private final Scope scope;
    private final List<Rule> rules;
    private final boolean[] deny;
    private final long[] expiresAt;
    private final int[][] tokens;
    private final long[] spanHi;
    private final long[] spanLo;
    private final long[] createdAt;
    private final long[] idMsb;
    private final long[] idLsb;
    private final Decision[] decisions;
    private final Map<String, Integer> tokenIds;
    private final long allTrafficAllowUntil;
    private final long[] tokenAllowUntil;
    private final Segments ipv4;
    private final Segments ipv6;

    private CompiledScope(Scope scope, List<Rule> all) {
        this.scope = scope;
        this.rules = List.copyOf(all);
        List<Rule> live = new ArrayList<>();
        for (Rule rule : all) {
            if (rule.active()) {
                live.add(rule);
            }
        }
        live.sort(AccessModel.MOST_SPECIFIC_FIRST);
        int n = live.size();
        deny = new boolean[n];
        expiresAt = new long[n];
        tokens = new int[n][];
        spanHi = new long[n];
        spanLo = new long[n];
        createdAt = new long[n];
        idMsb = new long[n];
        idLsb = new long[n];
        decisions = new Decision[n];
        tokenIds = new HashMap<>();
        for (Rule rule : live) {
            for (String token : rule.trafficScopes()) {
                tokenIds.putIfAbsent(token, tokenIds.size());
            }
        }
        long allUntil = Long.MIN_VALUE;
        long[] tokenUntil = new long[tokenIds.size()];
        Arrays.fill(tokenUntil, Long.MIN_VALUE);
        for (int i = 0; i < n; i++) {
            Rule rule = live.get(i);
            deny[i] = rule.action() == Action.DENY;
            expiresAt[i] = rule.expiresAt() == null ? NEVER : micros(rule.expiresAt());
            tokens[i] = rule.trafficScopes().stream()
                    .mapToInt(tokenIds::get)
                    .sorted()
                    .toArray();
            spanHi[i] = rule.block().spanHi();
            spanLo[i] = rule.block().spanLo();
            createdAt[i] = micros(rule.createdAt());
            idMsb[i] = rule.id().getMostSignificantBits();
            idLsb[i] = rule.id().getLeastSignificantBits();
            decisions[i] = Decision.of(rule);
            if (!deny[i]) {
                if (tokens[i].length == 0) {
                    allUntil = Math.max(allUntil, expiresAt[i]);
                }
                for (int token : tokens[i]) {
                    tokenUntil[token] = Math.max(tokenUntil[token], expiresAt[i]);
                }
            }
        }
        allTrafficAllowUntil = allUntil;
        tokenAllowUntil = tokenUntil;
        ipv4 = Segments.build(live, IpFamily.IPV4);
        ipv6 = Segments.build(live, IpFamily.IPV6);
    }

    public static CompiledScope compile(Scope scope, Collection<Rule> rules) {
        return new CompiledScope(scope, new ArrayList<>(rules));
    }

    public static CompiledScope empty(Scope scope) {
        return new CompiledScope(scope, List.of());
    }

    public Scope scope() {
        return scope;
    }

    /** Every rule of the scope as given, inactive ones included (for explanations and views). */
    public List<Rule> rules() {
        return rules;
    }

    /** This scope's number for a traffic scope, or -1 when none of its rules names it (or it is null). */
    public int tokenId(String trafficScope) {
        if (trafficScope == null) {
            return -1;
        }
        Integer id = tokenIds.get(trafficScope);
        return id == null ? -1 : id;
    }

    /** Whether a live allow rule for this traffic scope exists here, i.e. this scope has an allow list. */
    public boolean hasLiveAllow(int tokenId, long nowMicros) {
        return allTrafficAllowUntil > nowMicros || (tokenId >= 0 && tokenAllowUntil[tokenId] > nowMicros);
    }

    Segments segments(IpFamily family) {
        return family == IpFamily.IPV4 ? ipv4 : ipv6;
    }

    boolean isDeny(int rule) {
        return deny[rule];
    }

    /** Live at {@code nowMicros} and applying to the traffic scope numbered {@code tokenId} here. */
    boolean isLive(int rule, int tokenId, long nowMicros) {
        if (expiresAt[rule] <= nowMicros) {
            return false;
        }
        int[] ruleTokens = tokens[rule];
        if (ruleTokens.length == 0) {
            return true;
        }
        if (tokenId < 0) {
            return false;
        }
        for (int token : ruleTokens) {
            if (token == tokenId) {
                return true;
            }
        }
        return false;
    }

    Decision decision(int rule) {
        return decisions[rule];
    }

    /** The access model's "most specific first" order between rule {@code a} here and {@code b} of {@code other}. */
    int compare(int a, CompiledScope other, int b) {
        int bySpan = Long.compareUnsigned(spanHi[a], other.spanHi[b]);
        if (bySpan == 0) {
            bySpan = Long.compareUnsigned(spanLo[a], other.spanLo[b]);
        }
        if (bySpan != 0) {
            return bySpan;
        }
        if (deny[a] != other.deny[b]) {
            return deny[a] ? -1 : 1;
        }
        int byScope = scope.compareTo(other.scope);
        if (byScope != 0) {
            return byScope;
        }
        int byAge = Long.compare(createdAt[a], other.createdAt[b]);
        if (byAge != 0) {
            return byAge;
        }
        int byMsb = Long.compare(idMsb[a], other.idMsb[b]);
        return byMsb != 0 ? byMsb : Long.compare(idLsb[a], other.idLsb[b]);
    }

    public int size() {
        return deny.length;
    }

    /** Microseconds since the epoch: the clock resolution of stored rules and of lookups. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
