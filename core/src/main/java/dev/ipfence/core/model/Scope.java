package dev.ipfence.core.model;

import java.util.Locale;

/** Where a rule lives, nearest first: an environment, its project, its organization. */
public enum Scope {
    ENVIRONMENT,
    PROJECT,
    ORG;

    /** The name used in the API and in events: {@code environment}, {@code project}, {@code org}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromWireName(String name) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope \"" + name + "\": one of environment, project, org");
    }
}
