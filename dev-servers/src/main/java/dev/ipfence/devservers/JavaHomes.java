package dev.ipfence.devservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least a given feature version (Keycloak needs 21): {@code IPFENCE_KEYCLOAK_JAVA_HOME}
 * or {@code KEYCLOAK_JAVA_HOME} when set, else the newest suitable JDK under {@code /usr/lib/jvm}, else
 * {@code JAVA_HOME} or the running JVM when they are recent enough.
 */
public final class JavaHomes {

    static final List<String> EXPLICIT = List.of("IPFENCE_KEYCLOAK_JAVA_HOME", "KEYCLOAK_JAVA_HOME");
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

    private JavaHomes() {}

    public static Path find(int minimum, Map<String, String> env, Path jvmRoot) {
        return find(minimum, env, jvmRoot, Path.of(System.getProperty("java.home")));
    }

    /** As above, with the home of the running JVM given (the last resort). */
    static Path find(int minimum, Map<String, String> env, Path jvmRoot, Path runningHome) {
        for (String name : EXPLICIT) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                Path home = Path.of(value);
                int version = featureVersion(home).orElse(0);
                if (version < minimum) {
                    throw new IllegalStateException(name + "=" + value + " is not a JDK " + minimum
                            + " or newer (found " + (version == 0 ? "no bin/java and release file" : version) + ")");
                }
                return home;
            }
        }
        Optional<Path> installed = scan(minimum, jvmRoot);
        if (installed.isPresent()) {
            return installed.get();
        }
        for (String candidate : new String[] {env.get("JAVA_HOME"), runningHome.toString()}) {
            if (candidate != null && featureVersion(Path.of(candidate)).orElse(0) >= minimum) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("Keycloak needs a JDK " + minimum + " or newer and none was found (looked at "
                + String.join(", ", EXPLICIT) + ", " + jvmRoot + ", JAVA_HOME). Install one (for example the"
                + " Debian/Ubuntu package openjdk-" + minimum + "-jdk-headless or a Temurin " + minimum
                + "+) and, if it is not under " + jvmRoot + ", set IPFENCE_KEYCLOAK_JAVA_HOME to it.");
    }

    /** The newest JDK of at least {@code minimum} directly under {@code root}. */
    static Optional<Path> scan(int minimum, Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(root)) {
            return homes.filter(home -> !Files.isSymbolicLink(home))
                    .filter(home -> featureVersion(home).orElse(0) >= minimum)
                    .max(Comparator.comparingInt(home -> featureVersion(home).orElse(0)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version (17, 21, 25...) of the JDK at {@code home}, from its {@code release} file. */
    static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            if (!m.find()) {
                return Optional.empty();
            }
            int major = Integer.parseInt(m.group(1));
            // "1.8.0_..." style releases are Java 8
            return Optional.of(major == 1 ? 8 : major);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
