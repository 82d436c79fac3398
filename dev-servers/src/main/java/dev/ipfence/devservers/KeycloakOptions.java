package dev.ipfence.devservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@link KeycloakServer}. */
record KeycloakOptions(
        Path home,
        Path dataDir,
        Path log,
        int port,
        int managementPort,
        List<Path> realms,
        Path readyFile,
        boolean exitWithParent,
        String heap,
        Duration timeout) {

    static KeycloakOptions parse(String[] args) throws IOException {
        Path home = null;
        Path dataDir = null;
        Path log = null;
        int port = 0;
        int managementPort = 0;
        List<Path> realms = new ArrayList<>();
        Path readyFile = null;
        boolean exitWithParent = false;
        String heap = "768m";
        int timeoutSeconds = 240;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--home" -> home = Path.of(value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--log" -> log = Path.of(value(args, ++i, arg));
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--management-port" -> managementPort = Integer.parseInt(value(args, ++i, arg));
                case "--realm" -> realms.add(Path.of(value(args, ++i, arg)));
                case "--ready-file" -> readyFile = Path.of(value(args, ++i, arg));
                case "--exit-with-parent" -> exitWithParent = true;
                case "--heap" -> heap = value(args, ++i, arg);
                case "--timeout" -> timeoutSeconds = Integer.parseInt(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required\n" + usage());
        }
        for (Path realm : realms) {
            if (!Files.isRegularFile(realm) || !realm.getFileName().toString().endsWith("-realm.json")) {
                throw new IllegalArgumentException(
                        "--realm " + realm + ": expected an existing file named REALM-realm.json");
            }
        }
        return new KeycloakOptions(
                home != null ? home : KeycloakServer.defaultHome(),
                dataDir,
                log != null ? log : dataDir.resolve("keycloak.log"),
                port > 0 ? port : ServerProcess.freePort(),
                managementPort > 0 ? managementPort : ServerProcess.freePort(),
                List.copyOf(realms),
                readyFile,
                exitWithParent,
                heap,
                Duration.ofSeconds(timeoutSeconds));
    }

    private static String value(String[] args, int i, String option) {
        return ServerProcess.optionValue(args, i, option, usage());
    }

    static String usage() {
        return """
                usage: KeycloakServer --data-dir DIR [--realm FILE-realm.json]... [--port N] [--management-port N]
                                      [--log FILE] [--ready-file FILE] [--exit-with-parent] [--home KEYCLOAK_DIR]
                                      [--heap SIZE] [--timeout SECONDS]
                Ports default to free random ones. Data in DIR survives a restart; a realm that
                exists already is not imported again. Keycloak runs on the JDK 21+ named by
                IPFENCE_KEYCLOAK_JAVA_HOME (or KEYCLOAK_JAVA_HOME), else one under /usr/lib/jvm.
                """;
    }
}
