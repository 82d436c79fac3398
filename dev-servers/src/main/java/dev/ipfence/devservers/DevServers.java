package dev.ipfence.devservers;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs a real PostgreSQL and a real single-node Kafka (KRaft broker and controller) for local
 * development and for the test suites, in this JVM, on a machine with only a JDK.
 *
 * <p>When both are up it writes the connection settings to {@code --ready-file} (a properties
 * file) and prints them on one line starting with {@value #READY_MARKER}. It stops both servers
 * on SIGTERM, and with {@code --exit-with-parent} also when its standard input closes, so a test
 * JVM that dies never leaves servers behind.
 */
public final class DevServers {

    public static final String READY_MARKER = "IPFENCE-DEV-SERVERS-READY";

    /** One database per service that owns data (enforcement-service keeps its state in memory). */
    static final List<String> DEFAULT_DATABASES = List.of("ipfence_rules", "ipfence_audit");

    private DevServers() {}

    public static void main(String[] args) throws Exception {
        DevServersOptions options = DevServersOptions.parse(args);
        PrintStream log = System.err;

        Files.createDirectories(options.dataDir());
        int pgPort = options.pgPort() > 0 ? options.pgPort() : ServerProcess.freePort();
        int kafkaPort = options.kafkaPort() > 0 ? options.kafkaPort() : ServerProcess.freePort();
        int controllerPort = options.controllerPort() > 0 ? options.controllerPort() : ServerProcess.freePort();

        long started = System.nanoTime();
        Map<String, String> ready = new LinkedHashMap<>();
        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "ipfence-dev-servers-shutdown"));

        Restartable<PostgresServer> postgresControl = null;
        if (options.postgres()) {
            Path postgresData = options.dataDir().resolve("postgres");
            postgresControl = new Restartable<>(
                    "PostgreSQL", () -> PostgresServer.start(postgresData, pgPort, options.databases()));
            PostgresServer postgres = postgresControl.start();
            running.add(0, postgresControl);
            log.printf(
                    "PostgreSQL %s ready on port %d (databases %s)%n", postgres.version(), pgPort, options.databases());
            ready.put("postgres.host", "localhost");
            ready.put("postgres.port", Integer.toString(pgPort));
            ready.put("postgres.username", PostgresServer.USER);
            ready.put("postgres.password", PostgresServer.PASSWORD);
        }
        Restartable<KafkaServer> kafkaControl = null;
        if (options.kafka()) {
            Path kafkaData = options.dataDir().resolve("kafka");
            kafkaControl = new Restartable<>("Kafka", () -> KafkaServer.start(kafkaData, kafkaPort, controllerPort));
            running.add(0, kafkaControl);
            kafkaControl.start().createTopics(options.topics());
            log.printf("Kafka ready on localhost:%d (topics %s)%n", kafkaPort, options.topics());
            ready.put("kafka.bootstrap", "localhost:" + kafkaPort);
        }
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        ServerProcess.announceReady(READY_MARKER, ready, options.readyFile(), "ipfence dev servers");
        log.printf("dev servers ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        if (options.exitWithParent()) {
            Map<String, ServerProcess.Command> commands = new LinkedHashMap<>();
            addCommands(commands, "kafka", kafkaControl);
            addCommands(commands, "postgres", postgresControl);
            ServerProcess.serveCommands(System.in, "dev servers", commands);
            System.exit(0);
        } else {
            Thread.currentThread().join();
        }
    }

    /** Stops in reverse start order: Kafka first, PostgreSQL last. */
    private static void stopAll(List<AutoCloseable> running) {
        for (AutoCloseable server : running) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stopping " + server + " failed: " + e.getMessage());
            }
        }
    }

    /**
     * {@code stop-NAME} and {@code start-NAME} (for tests of an outage), answered by {@code
     * NAME-STOPPED} and {@code NAME-STARTED} in upper case.
     */
    private static void addCommands(Map<String, ServerProcess.Command> commands, String name, Restartable<?> server) {
        String answer = name.toUpperCase(java.util.Locale.ROOT);
        commands.put("stop-" + name, () -> {
            if (server == null) {
                System.err.println("no server to control; ignoring: stop-" + name);
                return null;
            }
            server.close();
            return answer + "-STOPPED";
        });
        commands.put("start-" + name, () -> {
            if (server == null) {
                System.err.println("no server to control; ignoring: start-" + name);
                return null;
            }
            server.start();
            return answer + "-STARTED";
        });
    }

    /**
     * A server a test may stop and start again (same ports, same data): {@code start} makes a new
     * one only when none is running.
     */
    private static final class Restartable<T extends AutoCloseable> implements AutoCloseable {
        private final String name;
        private final Callable<T> starter;
        private T server;

        Restartable(String name, Callable<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T start() throws Exception {
            if (server == null) {
                server = starter.call();
            }
            return server;
        }

        @Override
        public synchronized void close() throws Exception {
            if (server != null) {
                server.close();
                server = null;
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
