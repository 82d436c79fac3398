package dev.ipfence.audit.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every {@code ipfence.audit.*} key, with its default; documented in the service README. */
@ConfigMapping(prefix = "ipfence.audit")
public interface AuditConfig {

    /** The default of {@link #maxPageSize()}, also the maximum the OpenAPI document states. */
    String DEFAULT_MAX_PAGE_SIZE = "1000";

    /** Blocked attempts older than this are deleted by the retention job. */
    @WithDefault("30d")
    Duration retention();

    /** Largest page of blocked attempts or changes one request may ask for. */
    @WithDefault(DEFAULT_MAX_PAGE_SIZE)
    int maxPageSize();

    /**
     * Most buckets one blocked-attempt series may hold (a week of hours is 168, a day of minutes
     * 1,440).
     */
    @WithDefault("1500")
    int maxSeriesBuckets();

    Ingest ingest();

    Flood flood();

    /** How a batch that failed to store for a reason that may pass (database away) is retried. */
    interface Ingest {
        /** Pause before the first retry; it doubles (with jitter) on each failure. */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Longest pause between two retries; the batch is retried until it is stored. */
        @WithDefault("5s")
        Duration retryMaxBackoff();

        /**
         * Consumers of the blocked-attempts topic in one service, each storing its share of the
         * partitions in its own transactions, side by side; the channel's {@code concurrency}
         * attribute reads it (one copy of the channel per consumer).
         */
        @WithDefault("3")
        int consumers();

        /**
         * Events per batch: one transaction, one {@code COPY}; the channel's
         * {@code max.poll.records} reads it.
         */
        @WithDefault("5000")
        int batchSize();
    }

    /**
     * Bounds on the rows one environment's attempts take per window: the first
     * {@code detailed-rows} events of a window are stored as received; after that (a flood) events
     * are folded into at most {@code folded-rows} rows per source (an IPv4 address, an IPv6 /64) and
     * rule, and what still does not fit into one row for the rest of the window.
     */
    interface Flood {
        /** The window rows are counted in (aligned on the epoch). */
        @WithDefault("1m")
        Duration window();

        /** Events stored as received per environment and window. */
        @WithDefault("1000")
        int detailedRows();

        /** Rows of folded events (by source and rule) per environment and window. */
        @WithDefault("1000")
        int foldedRows();
    }
}
