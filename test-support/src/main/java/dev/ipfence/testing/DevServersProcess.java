package dev.ipfence.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The real PostgreSQL and Kafka of a test run: one child JVM running the dev-servers module,
 * started on first use and stopped when this JVM exits. The child reads its standard input and
 * exits when it closes, so even a killed test JVM leaves no server behind.
 */
public final class DevServersProcess {

    private static final String CLASSPATH_RESOURCE = "ipfence-dev-servers.classpath";
    private static final String MAIN_CLASS = "dev.ipfence.devservers.DevServers";
    private static final String READY_MARKER = "IPFENCE-DEV-SERVERS-READY";
    private static final long START_TIMEOUT_SECONDS = 180;

    private static DevServersProcess shared;

    private final Process process;
    private final Path dataDir;
    private final Properties settings;
    private final BlockingQueue<String> replies;

    private DevServersProcess(Process process, Path dataDir, Properties settings, BlockingQueue<String> replies) {
        this.process = process;
        this.dataDir = dataDir;
        this.settings = settings;
        this.replies = replies;
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
        try {
            replies.clear();
            OutputStream stdin = process.getOutputStream();
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String reply = replies.poll(120, TimeUnit.SECONDS);
            if (!expectedReply.equals(reply)) {
                throw new IllegalStateException("dev servers answered " + reply + " to " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(List.of("-cp", classpath(), MAIN_CLASS));
            command.addAll(List.of("--data-dir", dataDir.toString(), "--ready-file", readyFile.toString()));
            command.add("--exit-with-parent");
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            CompletableFuture<Void> ready = watchOutput(process.getInputStream(), replies);
            try {
                ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "PostgreSQL and Kafka did not start within " + START_TIMEOUT_SECONDS + " s; see " + log, e);
            }
            Properties settings = new Properties();
            try (InputStream in = Files.newInputStream(readyFile)) {
                settings.load(in);
            }
            return new DevServersProcess(process, dataDir, settings, replies);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the test PostgreSQL and Kafka", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<Void> watchOutput(InputStream stdout, BlockingQueue<String> replies) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith(READY_MARKER)) {
                                ready.complete(null);
                            } else {
                                replies.add(line.trim());
                            }
                        }
                        ready.completeExceptionally(
                                new IllegalStateException("dev servers exited before they were ready"));
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                },
                "ipfence-dev-servers-stdout");
        reader.setDaemon(true);
        reader.start();
        return ready;
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
        try (OutputStream stdin = process.getOutputStream()) {
            // closing standard input asks the child to stop its servers and exit
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
