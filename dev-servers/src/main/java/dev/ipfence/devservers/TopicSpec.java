package dev.ipfence.devservers;

import java.util.LinkedHashMap;
import java.util.Map;

/** A topic to create: {@code name:partitions[:key=value,key=value]}, e.g. {@code ipfence.rules.v1:3:cleanup.policy=compact}. */
record TopicSpec(String name, int partitions, Map<String, String> configs) {

    static TopicSpec parse(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank()) {
            throw new IllegalArgumentException("topic spec must be NAME:PARTITIONS[:key=value,...], got " + spec);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        if (parts.length == 3 && !parts[2].isBlank()) {
            for (String pair : parts[2].split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("topic config must be key=value, got " + pair + " in " + spec);
                }
                configs.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new TopicSpec(parts[0], Integer.parseInt(parts[1]), Map.copyOf(configs));
    }

    @Override
    public String toString() {
        return name + "(" + partitions + (configs.isEmpty() ? "" : ", " + configs) + ")";
    }
}
