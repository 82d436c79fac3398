package dev.ipfence.enforcement.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code ipfence.enforcement.*} key, with its default; documented in the service README. */
@ConfigMapping(prefix = "ipfence.enforcement")
public interface EnforcementConfig {

    /**
     * Proxies whose {@code X-Forwarded-For} is believed (CIDRs). Empty: the connection peer is always
     * the client, and the header is ignored.
     */
    Optional<List<String>> trustedProxies();

    /**
     * How many trusted proxies append to {@code X-Forwarded-For} on the way in (as Envoy's {@code
     * xff_num_trusted_hops}): when the peer is a trusted proxy, the client is the entry this many
     * from the right. At least 1; fewer entries than this is a DENY {@code MISSING_CLIENT_IP}.
     */
    @WithDefault("1")
    int trustedHops();

    ForwardAuth forwardAuth();

    interface ForwardAuth {
        /**
         * Whether forward-auth answers carry {@code X-Ipfence-Decision}, {@code -Reason}, {@code -Rule-Id}
         * and {@code -Client-Ip}. Off: the status alone (Envoy and Traefik hand a denial's headers to
         * the blocked client, and rule ids and reasons are not theirs to see).
         */
        @WithDefault("false")
        boolean decisionHeaders();

        /**
         * A port of its own for {@code /v1/forward-auth}, served by a bare HTTP listener without the
         * REST layer's router (see the service README). Unset: forward-auth is served on the main
         * HTTP port only; 0: a free port (tests).
         */
        Optional<Integer> port();

        /** Server instances of the forward-auth port: one per event loop. Unset: the processor count. */
        Optional<Integer> listeners();

        /** Where the claims of a forward-auth bearer token are read. */
        IdentityClaims identity();

        /** The identity an authenticating proxy (such as oauth2-proxy) sends in headers. */
        IdentityHeaders identityHeaders();
    }

    interface IdentityClaims {
        /** The claim path ({@code dev.ipfence.web.auth.ClaimPath}) of the user's IdP group names: a list of strings, or one string. */
        @WithDefault("groups")
        String groupsClaim();

        /** The claim path of the user's department: a string. */
        @WithDefault("department")
        String departmentClaim();
    }

    interface IdentityHeaders {
        /**
         * Whether forward-auth reads the identity from these headers. Read only from a peer in
         * {@code trusted-proxies}; from any other peer they are ignored (anonymous).
         */
        @WithDefault("false")
        boolean enabled();

        /** The user's id; without it the headers name no user. */
        @WithDefault("X-Auth-Request-User")
        String user();

        @WithDefault("X-Auth-Request-Email")
        String email();

        /** The user's IdP group names, comma-separated. */
        @WithDefault("X-Auth-Request-Groups")
        String groups();

        @WithDefault("X-Auth-Request-Department")
        String department();
    }

    /**
     * When set, the decision and forward-auth endpoints require this value in {@code X-Ipfence-Token}.
     */
    Optional<String> sharedToken();

    /**
     * When set, readiness turns DOWN once the rules in memory have not been confirmed current with
     * the topic for this long (Kafka away). Unset (the default): an enforcement replica stays ready
     * on its last snapshot however long Kafka is away, so that proxies keep getting decisions.
     */
    Optional<Duration> maxStaleness();

    /** Most requests in one {@code POST /v1/decisions:batch} with {@code explain=true}. */
    @WithDefault("100")
    int explainBatchMaxRequests();

    /** Most rules listed in each list of an explanation; the counts are always complete. */
    @WithDefault("1000")
    int explainRulesMax();

    /** Most requests in one {@code POST /v1/decisions:batch}. */
    @WithDefault("1000")
    int batchMaxRequests();

    /** Most distinct rules with their own hit counter; hits of the rest go to one shared series. */
    @WithDefault("10000")
    int ruleHitSeriesMax();

    BlockedAttempts blockedAttempts();

    Matcher matcher();

    Checkpoint checkpoint();

    Shard shard();

    /**
     * The organizations this replica serves (docs/operations.md, "Shards"): shard {@code index} of
     * {@code count}. It keeps only their rules and policies while reading the topic and answers
     * {@code OTHER_SHARD} (DENY) for every other organization. The default, 0 of 1, serves all.
     */
    interface Shard {
        @WithDefault("0")
        int index();

        @WithDefault("1")
        int count();
    }

    interface Checkpoint {
        /**
         * Directory of the local rule-state checkpoint: written every {@code interval} and at
         * shutdown, read at start so that only the tail of the rules topic is replayed. Unset (the
         * default): no checkpoint, every start replays the whole topic.
         */
        Optional<Path> dir();

        /** Time between two checkpoints while the service runs (one is also written at shutdown). */
        @WithDefault("5m")
        Duration interval();

        /**
         * An older checkpoint is ignored (the whole topic is replayed). It must stay well under the
         * rules topic's {@code min.compaction.lag.ms} (7 days): only records younger than that are
         * sure to be in the tail, and a deletion compacted away would leave its rule alive.
         */
        @WithDefault("24h")
        Duration maxAge();
    }

    interface Matcher {
        /**
         * Environment chains with at least this many live rules (environment, project and
         * organization together) also get chain tables: one lookup instead of three. Formerly
         * {@code merge-chains-from} ({@link RenamedConfigKeys}).
         */
        @WithDefault("20000")
        int chainTablesFrom();

        /**
         * Most rules held in chain tables in all (their memory: at most about 35 bytes a rule).
         * Formerly {@code merged-rules-max} ({@link RenamedConfigKeys}).
         */
        @WithDefault("2000000")
        long chainTablesRulesMax();
    }

    interface BlockedAttempts {
        /** Attempts waiting to be published; beyond it new ones are dropped and counted. */
        @WithDefault("100000")
        int bufferCapacity();

        /**
         * Heap the waiting attempts may take (estimated: 256 bytes each plus two per character of
         * their text, itself capped); beyond it new ones are dropped and counted.
         */
        @WithDefault("32M")
        MemorySize bufferMaxBytes();

        /**
         * Identical attempts (same environment, address, rule, reason, traffic scope and policy)
         * within this window become one event.
         */
        @WithDefault("1s")
        Duration window();
    }
}
