package dev.ipfence.core.model;

import java.util.Locale;

public enum Action {
    ALLOW,
    DENY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action fromWireName(String name) {
        for (Action action : values()) {
            if (action.wireName().equals(name)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action \"" + name + "\": allow or deny");
    }
}
