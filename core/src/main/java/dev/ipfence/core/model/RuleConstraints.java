package dev.ipfence.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The field rules of the access model; each check returns why a value is refused, naming it. */
public final class RuleConstraints {

    public static final Pattern TRAFFIC_SCOPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    public static final int MAX_TRAFFIC_SCOPES = 16;
    public static final int MAX_LABEL_LENGTH = 255;

    /**
     * The latest expiry a rule may carry: the end of year 9999. Every service stores it, every
     * matcher represents it exactly (microseconds since the epoch fit a long until year 294247).
     */
    public static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private RuleConstraints() {}

    public static Optional<String> checkTrafficScope(String scope) {
        if (scope == null || !TRAFFIC_SCOPE.matcher(scope).matches()) {
            return Optional.of("\"" + scope + "\" is not a traffic scope: lower-case letters, digits, '_' and '-', "
                    + "starting with a letter, at most 32 characters");
        }
        return Optional.empty();
    }

    /** Problems of a traffic scope list, each with its position. */
    public static List<String> checkTrafficScopes(Collection<String> scopes) {
        List<String> problems = new ArrayList<>();
        if (scopes == null) {
            return problems;
        }
        if (scopes.size() > MAX_TRAFFIC_SCOPES) {
            problems.add("at most " + MAX_TRAFFIC_SCOPES + " traffic scopes, got " + scopes.size());
        }
        int i = 0;
        for (String scope : scopes) {
            final int index = i++;
            checkTrafficScope(scope).ifPresent(problem -> problems.add("[" + index + "] " + problem));
        }
        return problems;
    }

    /** Why an expiry is refused: before the epoch or after {@link #LATEST_EXPIRY}. */
    public static Optional<String> checkExpiresAt(Instant expiresAt) {
        if (expiresAt == null) {
            return Optional.empty();
        }
        if (expiresAt.isBefore(Instant.EPOCH) || expiresAt.isAfter(LATEST_EXPIRY)) {
            return Optional.of("must be between " + Instant.EPOCH + " and " + LATEST_EXPIRY + ", got " + expiresAt);
        }
        return Optional.empty();
    }

    public static Optional<String> checkLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return Optional.of("at most " + MAX_LABEL_LENGTH + " characters, got " + label.length());
        }
        return TextCharacters.problem(label, false);
    }
}
