package dev.ipfence.devservers;

import dev.ipfence.core.events.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        Options options = Options.parse(args);
        PrintStream log = System.err;

        Files.createDirectories(options.dataDir);
        int pgPort = options.pgPort > 0 ? options.pgPort : freePort();
        int kafkaPort = options.kafkaPort > 0 ? options.kafkaPort : freePort();
        int controllerPort = options.controllerPort > 0 ? options.controllerPort : freePort();

        long started = System.nanoTime();
        Map<String, String> ready = new LinkedHashMap<>();
        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "ipfence-dev-servers-shutdown"));

        Restartable<PostgresServer> postgresControl = null;
        if (options.postgres) {
            Path postgresData = options.dataDir.resolve("postgres");
            postgresControl = new Restartable<>(
                    "PostgreSQL", () -> PostgresServer.start(postgresData, pgPort, options.databases));
            PostgresServer postgres = postgresControl.start();
            running.add(0, postgresControl);
            log.printf(
                    "PostgreSQL %s ready on port %d (databases %s)%n", postgres.version(), pgPort, options.databases);
            ready.put("postgres.host", "localhost");
            ready.put("postgres.port", Integer.toString(pgPort));
            ready.put("postgres.username", PostgresServer.USER);
            ready.put("postgres.password", PostgresServer.PASSWORD);
        }
        Restartable<KafkaServer> kafkaControl = null;
        if (options.kafka) {
            Path kafkaData = options.dataDir.resolve("kafka");
            kafkaControl = new Restartable<>("Kafka", () -> KafkaServer.start(kafkaData, kafkaPort, controllerPort));
            running.add(0, kafkaControl);
            kafkaControl.start().createTopics(options.topics);
            log.printf("Kafka ready on localhost:%d (topics %s)%n", kafkaPort, options.topics);
            ready.put("kafka.bootstrap", "localhost:" + kafkaPort);
        }
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        if (options.readyFile != null) {
            writeReadyFile(options.readyFile, ready);
        }
        System.out.println(READY_MARKER + " " + ready);
        System.out.flush();
        log.printf("dev servers ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        if (options.exitWithParent) {
            serveCommands(System.in, kafkaControl, postgresControl);
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

    private static void writeReadyFile(Path file, Map<String, String> values) throws IOException {
        Properties props = new Properties();
        props.putAll(values);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var out = Files.newOutputStream(tmp)) {
            props.store(out, "ipfence dev servers");
        }
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads commands from the parent until its pipe closes: {@code stop-kafka}, {@code start-kafka},
     * {@code stop-postgres} and {@code start-postgres} (for tests of an outage), each answered on
     * standard output by {@code KAFKA-STOPPED}, {@code KAFKA-STARTED}, {@code POSTGRES-STOPPED} or
     * {@code POSTGRES-STARTED}.
     */
    private static void serveCommands(
            InputStream in, Restartable<KafkaServer> kafka, Restartable<PostgresServer> postgres) {
        try (var lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String command = line.trim();
                AutoCloseable target = command.endsWith("-kafka") ? kafka : postgres;
                if (target == null) {
                    System.err.println("no server to control; ignoring: " + line);
                    continue;
                }
                switch (command) {
                    case "stop-kafka" -> {
                        kafka.close();
                        System.out.println("KAFKA-STOPPED");
                    }
                    case "start-kafka" -> {
                        kafka.start();
                        System.out.println("KAFKA-STARTED");
                    }
                    case "stop-postgres" -> {
                        postgres.close();
                        System.out.println("POSTGRES-STOPPED");
                    }
                    case "start-postgres" -> {
                        postgres.start();
                        System.out.println("POSTGRES-STARTED");
                    }
                    default -> System.err.println("unknown command: " + line);
                }
                System.out.flush();
            }
        } catch (Exception e) {
            // a broken pipe means the parent is gone, same as end of input
            System.err.println("dev servers stopping: " + e.getMessage());
        }
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    record Options(
            Path dataDir,
            int pgPort,
            int kafkaPort,
            int controllerPort,
            List<String> databases,
            List<TopicSpec> topics,
            Path readyFile,
            boolean exitWithParent,
            boolean postgres,
            boolean kafka) {

        static Options parse(String[] args) {
            Path dataDir = null;
            int pgPort = 0;
            int kafkaPort = 0;
            int controllerPort = 0;
            List<String> databases = new ArrayList<>();
            List<TopicSpec> topics = new ArrayList<>();
            Path readyFile = null;
            boolean exitWithParent = false;
            boolean postgres = true;
            boolean kafka = true;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                    case "--pg-port" -> pgPort = Integer.parseInt(value(args, ++i, arg));
                    case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i, arg));
                    case "--controller-port" -> controllerPort = Integer.parseInt(value(args, ++i, arg));
                    case "--database" -> databases.add(value(args, ++i, arg));
                    case "--topic" -> topics.add(TopicSpec.parse(value(args, ++i, arg)));
                    case "--ready-file" -> readyFile = Path.of(value(args, ++i, arg));
                    case "--exit-with-parent" -> exitWithParent = true;
                    case "--no-postgres" -> postgres = false;
                    case "--no-kafka" -> kafka = false;
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
                }
            }
            if (dataDir == null) {
                throw new IllegalArgumentException("--data-dir is required\n" + usage());
            }
            if (databases.isEmpty()) {
                databases.addAll(DEFAULT_DATABASES);
            }
            if (topics.isEmpty()) {
                Topic.all().forEach(t -> topics.add(new TopicSpec(t.topicName(), t.partitions(), t.configs())));
            }
            return new Options(
                    dataDir,
                    pgPort,
                    kafkaPort,
                    controllerPort,
                    List.copyOf(databases),
                    List.copyOf(topics),
                    readyFile,
                    exitWithParent,
                    postgres,
                    kafka);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            return args[i];
        }

        static String usage() {
            return """
                    usage: DevServers --data-dir DIR [--pg-port N] [--kafka-port N] [--controller-port N]
                                      [--database NAME]... [--topic NAME:PARTITIONS[:key=value,...]]...
                                      [--ready-file FILE] [--exit-with-parent] [--no-postgres] [--no-kafka]
                    Ports default to free random ones. Data in DIR survives a restart.
                    Without --database / --topic: the databases and topics ipfence needs.
                    """;
        }
    }
}
