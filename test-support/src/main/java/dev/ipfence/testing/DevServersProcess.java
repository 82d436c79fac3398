package dev.ipfence.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The real PostgreSQL and Kafka of a test run: one child JVM running the dev-servers module,
 * started on first use and stopped when this JVM exits. The child reads its standard input and
 * exits when it closes, so even a killed test JVM leaves no server behind.
 */
public final class DevServersProcess {

    private static final String CLASSPATH_RESOURCE = "ipfence-dev-servers.classpath";
    private static final String MAIN_CLASS = "dev.ipfence.devservers.DevServers";
    private static final String READY_MARKER = "IPFENCE-DEV-SERVERS-READY";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** Replaces the JVM options of the servers' process, e.g. to time Kafka with a C2 broker. */
    private static final String JAVA_OPTIONS_VARIABLE = "IPFENCE_DEV_SERVERS_JAVA_OPTIONS";

    /** Small and quick to start (C1 only): what the tests need of a broker. */
    private static final String TEST_JAVA_OPTIONS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private static DevServersProcess shared;

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess process;
    private final Path dataDir;
    private final Properties settings;

    private DevServersProcess(ChildProcess process, Path dataDir, Properties settings) {
        this.process = process;
        this.dataDir = dataDir;
        this.settings = settings;
    }

    /** Stops the Kafka broker (PostgreSQL keeps running), for tests of a Kafka outage. */
    public synchronized void stopKafka() {
        command("stop-kafka", "KAFKA-STOPPED");
    }

    /** Starts Kafka again on the same port with the same data. */
    public synchronized void startKafka() {
        command("start-kafka", "KAFKA-STARTED");
    }

    /** Stops PostgreSQL (Kafka keeps running), for tests of a database outage. */
    public synchronized void stopPostgres() {
        command("stop-postgres", "POSTGRES-STOPPED");
    }

    /** Starts PostgreSQL again on the same port with the same data. */
    public synchronized void startPostgres() {
        command("start-postgres", "POSTGRES-STARTED");
    }

    private void command(String command, String expectedReply) {
        process.command(command, expectedReply, COMMAND_TIMEOUT);
    }

    /** The servers of this JVM, started on the first call. */
    public static synchronized DevServersProcess shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "ipfence-dev-servers-stop"));
        }
        return shared;
    }

    public String kafkaBootstrap() {
        return settings.getProperty("kafka.bootstrap");
    }

    public String postgresHost() {
        return settings.getProperty("postgres.host");
    }

    public int postgresPort() {
        return Integer.parseInt(settings.getProperty("postgres.port"));
    }

    public String postgresUsername() {
        return settings.getProperty("postgres.username");
    }

    public String postgresPassword() {
        return settings.getProperty("postgres.password");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
    }

    private static DevServersProcess start() {
        try {
            Path dataDir = Files.createTempDirectory("ipfence-test-servers");
            Path readyFile = dataDir.resolve("ready.properties");
            Path log = Path.of("target", "ipfence-dev-servers.log").toAbsolutePath();
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(javaOptions());
            command.addAll(List.of("-cp", classpath(), MAIN_CLASS));
            command.addAll(List.of("--data-dir", dataDir.toString(), "--ready-file", readyFile.toString()));
            command.add("--exit-with-parent");
            ChildProcess process =
                    ChildProcess.start("PostgreSQL and Kafka", command, log, READY_MARKER, START_TIMEOUT);
            Properties settings = new Properties();
            try (InputStream in = Files.newInputStream(readyFile)) {
                settings.load(in);
            }
            return new DevServersProcess(process, dataDir, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the test PostgreSQL and Kafka", e);
        }
    }

    private static List<String> javaOptions() {
        String options = System.getenv(JAVA_OPTIONS_VARIABLE);
        String chosen = options == null || options.isBlank() ? TEST_JAVA_OPTIONS : options;
        return List.of(chosen.trim().split("\\s+"));
    }

    /** The dev-servers jar (or classes folder) followed by its dependencies, as written at build time. */
    static String classpath() throws IOException {
        URL resource = DevServersProcess.class.getClassLoader().getResource(CLASSPATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(
                    CLASSPATH_RESOURCE + " is not on the classpath: build the dev-servers module first");
        }
        String self;
        try {
            String url = resource.toString();
            if (url.startsWith("jar:")) {
                self = Path.of(new URL(url.substring(4, url.indexOf("!/"))).toURI())
                        .toString();
            } else {
                self = Path.of(resource.toURI()).getParent().toString();
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unexpected location of " + CLASSPATH_RESOURCE + ": " + resource, e);
        }
        try (InputStream in = resource.openStream()) {
            return self + java.io.File.pathSeparator + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private void stop() {
        process.stop(Duration.ofSeconds(30), dataDir);
    }
}
