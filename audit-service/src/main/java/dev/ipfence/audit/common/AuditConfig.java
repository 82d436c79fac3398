package dev.ipfence.audit.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every {@code ipfence.audit.*} key, with its default; documented in the service README. */
@ConfigMapping(prefix = "ipfence.audit")
public interface AuditConfig {

    /** Blocked attempts older than this are deleted by the retention job. */
    @WithDefault("30d")
    Duration retention();

    /** Largest page of blocked attempts or changes one request may ask for. */
    @WithDefault("1000")
    int maxPageSize();

    Ingest ingest();

    /** How a batch that failed to store for a reason that may pass (database away) is retried. */
    interface Ingest {
        /** Pause before the first retry; it doubles (with jitter) on each failure. */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Longest pause between two retries; the batch is retried until it is stored. */
        @WithDefault("5s")
        Duration retryMaxBackoff();
    }
}
