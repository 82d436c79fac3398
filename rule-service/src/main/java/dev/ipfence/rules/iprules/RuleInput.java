package dev.ipfence.rules.iprules;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.rules.iprules.RuleApi.RangeBody;
import dev.ipfence.rules.iprules.RuleApi.RuleRequest;
import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a rule request into a valid rule ({@link Spec}) or change of one ({@link RuleChange}), or
 * refuses it naming every bad field and its value.
 */
public final class RuleInput {

    /** A validated rule body; {@code trafficScopes} sorted and without repeats. */
    public record Spec(
            IpBlock block,
            Action action,
            List<String> trafficScopes,
            boolean active,
            String label,
            Instant expiresAt,
            Long ttl) {

        /** Same address, action and traffic scopes: what makes two rules at one scope duplicates. */
        String duplicateKey() {
            return block + " " + action + " " + trafficScopes;
        }
    }

    private final List<FieldError> errors = new ArrayList<>();
    private final Instant now;
    private final long maxTtlSeconds;

    private RuleInput(Instant now, long maxTtlSeconds) {
        this.now = now;
        // a configured maximum past the latest expiry every service represents is cut there
        this.maxTtlSeconds = Math.min(
                maxTtlSeconds,
                Duration.between(now, RuleConstraints.LATEST_EXPIRY).getSeconds());
    }

    static Spec forCreate(RuleRequest request, Instant now, long maxTtlSeconds) {
        RuleInput input = new RuleInput(now, maxTtlSeconds);
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object with at least cidr (or range) is required");
        }
        IpBlock block = input.block(request.cidr(), request.range(), true);
        Action action = input.action(request.action(), Action.ALLOW);
        List<String> scopes = input.trafficScopes(request.trafficScopes(), List.of());
        String label = input.label(request.label(), null);
        Expiry expiry = input.expiry(request.expiresAt(), request.ttl(), Expiry.NEVER);
        input.throwIfInvalid();
        return new Spec(
                block,
                action,
                scopes,
                request.isActive() == null || request.isActive(),
                label,
                expiry.at(),
                expiry.ttl());
    }

    /** What every entry of a bulk import shares, validated once, like a rule's fields. */
    record Shared(Action action, List<String> trafficScopes, boolean active, String label) {

        /** The rule for one entry: never expiring, as a bulk import sets no expiry. */
        Spec at(IpBlock block) {
            return new Spec(block, action, trafficScopes, active, label, null, null);
        }
    }

    static Shared forBulk(
            String action,
            List<String> trafficScopes,
            Boolean isActive,
            String label,
            Instant now,
            long maxTtlSeconds) {
        RuleInput input = new RuleInput(now, maxTtlSeconds);
        Action validAction = input.action(action, Action.ALLOW);
        List<String> scopes = input.trafficScopes(trafficScopes, List.of());
        String validLabel = input.label(label, null);
        input.throwIfInvalid();
        return new Shared(validAction, scopes, isActive == null || isActive, validLabel);
    }

    static RuleChange forChange(RuleRequest request, Instant now, long maxTtlSeconds) {
        RuleInput input = new RuleInput(now, maxTtlSeconds);
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object with the fields to change is required");
        }
        IpBlock block = request.cidr() == null && request.range() == null
                ? null
                : input.block(request.cidr(), request.range(), false);
        Action action = input.action(request.action(), null);
        List<String> scopes = input.trafficScopes(request.trafficScopes(), null);
        String label = input.label(request.label(), null);
        Expiry expiry = input.expiry(request.expiresAt(), request.ttl(), null);
        input.throwIfInvalid();
        return new RuleChange(block, action, scopes, request.isActive(), label, expiry);
    }

    static Spec forUpdate(RuleState existing, RuleRequest request, Instant now, long maxTtlSeconds) {
        return forChange(request, now, maxTtlSeconds).applyTo(existing);
    }

    private IpBlock block(String cidr, RangeBody range, boolean required) {
        if (cidr != null && range != null) {
            errors.add(new FieldError("cidr", "give either cidr or range, not both"));
            return null;
        }
        if (cidr == null && range == null) {
            if (required) {
                errors.add(new FieldError("cidr", "is required (or give range with from and to)"));
            }
            return null;
        }
        try {
            if (cidr != null) {
                return Addresses.parseNetwork(cidr);
            }
            if (range.from() == null || range.to() == null) {
                errors.add(new FieldError("range", "needs both from and to"));
                return null;
            }
            // each end on its own first, so that the problem names the end that is wrong
            for (String[] end : new String[][] {{"range.from", range.from()}, {"range.to", range.to()}}) {
                try {
                    Addresses.parseAddress(end[1]);
                } catch (AddressException e) {
                    errors.add(new FieldError(end[0], e.getMessage()));
                    return null;
                }
            }
            return Addresses.parseRange(range.from(), range.to());
        } catch (AddressException e) {
            errors.add(new FieldError(cidr != null ? "cidr" : "range", e.getMessage()));
            return null;
        }
    }

    private Action action(String value, Action fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Action.fromWireName(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("action", e.getMessage()));
            return fallback;
        }
    }

    private List<String> trafficScopes(List<String> value, List<String> fallback) {
        if (value == null) {
            return fallback;
        }
        List<String> problems = RuleConstraints.checkTrafficScopes(value);
        problems.forEach(problem -> errors.add(new FieldError("trafficScopes", problem)));
        return problems.isEmpty() ? List.copyOf(new TreeSet<>(value)) : fallback;
    }

    private String label(String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        RuleConstraints.checkLabel(value).ifPresent(problem -> errors.add(new FieldError("label", problem)));
        return value;
    }

    /** When a rule stops matching, and the ttl it came from (null when set as an instant, or never). */
    public record Expiry(Instant at, Long ttl) {
        static final Expiry NEVER = new Expiry(null, null);
    }

    /**
     * A ttl restarts the clock from now; 0 means never. Both forms end at most {@code maxTtlSeconds}
     * from now, so the longest ttl cannot be side-stepped with an instant (or a typo in its year).
     */
    private Expiry expiry(String expiresAt, BigDecimal ttl, Expiry fallback) {
        if (expiresAt != null && ttl != null) {
            errors.add(new FieldError("ttl", "give either ttl or expiresAt, not both"));
            return fallback;
        }
        if (ttl != null) {
            if (ttl.signum() < 0
                    || ttl.compareTo(BigDecimal.valueOf(maxTtlSeconds)) > 0
                    || ttl.stripTrailingZeros().scale() > 0) {
                errors.add(new FieldError(
                        "ttl",
                        "must be a whole number of seconds from 0 (never expires) to " + maxTtlSeconds + ", got "
                                + ttl));
                return fallback;
            }
            long seconds = ttl.longValueExact();
            return seconds == 0 ? Expiry.NEVER : new Expiry(now.plusSeconds(seconds), seconds);
        }
        if (expiresAt != null) {
            Instant at = instant(expiresAt);
            if (at == null) {
                return fallback;
            }
            Optional<String> outside = RuleConstraints.checkExpiresAt(at);
            if (outside.isPresent()) {
                errors.add(new FieldError("expiresAt", outside.get()));
            } else if (!at.isAfter(now)) {
                errors.add(new FieldError("expiresAt", "must be in the future, got " + at));
            } else if (at.isAfter(now.plusSeconds(maxTtlSeconds))) {
                errors.add(new FieldError(
                        "expiresAt",
                        "must be at most " + maxTtlSeconds + " seconds (ipfence.rules.max-ttl-seconds) from now, until "
                                + now.plusSeconds(maxTtlSeconds) + ", got " + at));
            }
            return new Expiry(at, null);
        }
        return fallback;
    }

    /** RFC 3339 text only: a JSON number arrives here as its text and is refused, not read as seconds. */
    private Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            errors.add(new FieldError(
                    "expiresAt", "must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z, got \"" + text + "\""));
            return null;
        }
    }

    private void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "The rule is invalid.", errors);
        }
    }
}
