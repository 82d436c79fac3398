package dev.ipfence.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Logs rejected credentials without flooding: one line per cause and client address per interval
 * (e.g. a client retrying an expired token every second logs once a minute). It remembers at most
 * {@code maxAddresses} pairs; past that, it forgets the lapsed ones and, if still full, logs once
 * per cause for every address together. The line never holds a credential, only its cause and what
 * the caller should fix.
 */
public final class RejectionLog {

    private static final Logger LOG = Logger.getLogger(RejectionLog.class);
    static final String ANY_ADDRESS = "*";

    /** Writes at INFO to this class's logger. */
    public static final Consumer<String> INFO = LOG::info;

    private record Key(String cause, String address) {}

    private final Clock clock;
    private final Duration interval;
    private final int maxAddresses;
    private final Consumer<String> sink;
    private final Map<Key, Instant> lastLogged = new ConcurrentHashMap<>();

    public RejectionLog(Clock clock, Duration interval, int maxAddresses, Consumer<String> sink) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("ipfence.auth.rejection-log-interval must not be negative: " + interval);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException(
                    "ipfence.auth.rejection-log-max-addresses must be at least 1: " + maxAddresses);
        }
        this.clock = clock;
        this.interval = interval;
        this.maxAddresses = maxAddresses;
        this.sink = sink;
    }

    /**
     * Logs that a request from {@code address} to {@code target} was refused for {@code cause}
     * ({@code detail}: why, for the operator), unless the same cause from the same address was
     * logged less than an interval ago. Returns whether it logged.
     */
    public boolean rejected(String cause, String address, String target, String detail) {
        Instant now = clock.instant();
        Key key = new Key(cause, address == null ? "unknown" : address);
        if (!lastLogged.containsKey(key) && lastLogged.size() >= maxAddresses) {
            lastLogged.entrySet().removeIf(entry -> lapsed(entry.getValue(), now));
            if (lastLogged.size() >= maxAddresses) {
                key = new Key(cause, ANY_ADDRESS);
            }
        }
        boolean[] due = {false};
        lastLogged.compute(key, (k, last) -> {
            if (last == null || lapsed(last, now)) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (due[0]) {
            sink.accept("Refused " + target + " from " + key.address() + " (" + cause + "): " + detail
                    + (interval.isZero()
                            ? ""
                            : " Further refusals for this cause from this address are not logged for "
                                    + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + "."));
        }
        return due[0];
    }

    private boolean lapsed(Instant last, Instant now) {
        return !now.isBefore(last.plus(interval));
    }

    int remembered() {
        return lastLogged.size();
    }
}
