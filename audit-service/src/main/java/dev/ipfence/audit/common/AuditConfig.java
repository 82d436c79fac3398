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
}
