package dev.ipfence.rules.apikeys;

import dev.ipfence.rules.common.Clocks;
import dev.ipfence.web.apikeys.ApiKeyDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * rule-service's key directory: its own database, so a revoked key stops working on the next
 * request. Each use is recorded in {@code last_used_at}, at most once a minute per key and after
 * the request was authenticated (never delaying it; a failed write is only logged).
 */
@ApplicationScoped
public class DatabaseApiKeys implements ApiKeyDirectory {

    private static final Logger LOG = Logger.getLogger(DatabaseApiKeys.class);
    static final Duration USE_RECORD_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final Map<UUID, Instant> lastRecorded = new ConcurrentHashMap<>();

    public DatabaseApiKeys(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Uni<Entry> find(UUID id) {
        return keys.findForAuthentication(id).map(key -> key != null ? new Known(key) : UNKNOWN);
    }

    @Override
    public void used(UUID id) {
        Instant now = Clocks.now(clock);
        Instant last = lastRecorded.get(id);
        if (last != null && last.plus(USE_RECORD_INTERVAL).isAfter(now)) {
            return;
        }
        lastRecorded.put(id, now);
        keys.recordUse(id, now).subscribe().with(ok -> {}, failure -> {
            lastRecorded.remove(id);
            LOG.warnf("Could not record the use of API key %s: %s", id, failure.getMessage());
        });
    }
}
