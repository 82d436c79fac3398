package dev.ipfence.audit.attempts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ipfence.audit.ingest.IngestPipeline;
import dev.ipfence.audit.ingest.JsonErrors;
import dev.ipfence.audit.ingest.Read;
import dev.ipfence.audit.ingest.SourceRecord;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.model.RuleConstraints;
import java.io.IOException;
import java.time.Instant;

/**
 * Binds a record of {@code ipfence.blocked-attempts.v1} to {@link BlockedAttemptEvent} and checks
 * what storing it needs: an {@code id}, an {@code environmentId}, a {@code timestamp} between 1970
 * and 9999, a {@code reason}, a {@code count} that is not negative (absent or 0 means one), ids that
 * are UUIDs. Fields it does not know are ignored: a newer enforcement-service may add some. Text is
 * cut to the contract's lengths, and NUL characters (which PostgreSQL text cannot hold) become
 * U+FFFD. Anything else is a rejection with the reason, for the dead-letter topic.
 */
public final class AttemptReader implements IngestPipeline.Reader<AttemptRow> {

    private final ObjectReader events;

    public AttemptReader(ObjectMapper json) {
        this.events =
                json.readerFor(BlockedAttemptEvent.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public Read<AttemptRow> read(SourceRecord record) {
        if (record.value() == null) {
            return Read.rejected("no value: a blocked-attempt record always carries an event");
        }
        BlockedAttemptEvent event;
        try {
            event = events.readValue(record.value());
        } catch (IOException e) {
            return Read.rejected("not a blocked-attempt event: " + JsonErrors.describe(e));
        }
        if (event == null) {
            return Read.rejected("not a blocked-attempt event: the value is JSON null");
        }
        String problem = problem(event);
        if (problem != null) {
            return Read.rejected(problem);
        }
        BlockedAttemptEvent e = event.capped();
        String ip = e.ip() == null ? "" : storable(e.ip());
        Instant last = e.lastTimestamp() == null || e.lastTimestamp().isBefore(e.timestamp())
                ? e.timestamp()
                : e.lastTimestamp();
        return Read.ok(new AttemptRow(
                e.id(),
                e.environmentId(),
                e.orgId(),
                address(ip),
                ip,
                storable(e.method()),
                storable(e.path()),
                storable(e.target()),
                e.timestamp(),
                last,
                storable(e.trafficScope()),
                e.ruleId(),
                e.policyId(),
                storable(e.reason()),
                e.count() == 0 ? 1 : e.count()));
    }

    private static String problem(BlockedAttemptEvent e) {
        if (e.id() == null) {
            return "id is missing";
        }
        if (e.environmentId() == null) {
            return "environmentId is missing";
        }
        if (e.timestamp() == null) {
            return "timestamp is missing";
        }
        if (outOfRange(e.timestamp())) {
            return "timestamp " + e.timestamp() + " is not between " + Instant.EPOCH + " and "
                    + RuleConstraints.LATEST_EXPIRY;
        }
        if (e.lastTimestamp() != null && outOfRange(e.lastTimestamp())) {
            return "lastTimestamp " + e.lastTimestamp() + " is not between " + Instant.EPOCH + " and "
                    + RuleConstraints.LATEST_EXPIRY;
        }
        if (e.reason() == null || e.reason().isBlank()) {
            return "reason is missing";
        }
        if (e.count() < 0) {
            return "count " + e.count() + " is negative";
        }
        return null;
    }

    private static boolean outOfRange(Instant at) {
        return at.isBefore(Instant.EPOCH) || at.isAfter(RuleConstraints.LATEST_EXPIRY);
    }

    private static IpAddress address(String ip) {
        try {
            return Addresses.parseAddress(ip);
        } catch (IllegalArgumentException e) { // AddressException among them
            return null;
        }
    }

    private static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
