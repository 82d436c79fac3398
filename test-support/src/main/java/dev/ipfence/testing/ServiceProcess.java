package dev.ipfence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One ipfence service run from its packaged jar, as in production, for tests across services. */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private final String heap;
    private final String awaitPath;
    private final Duration readyTimeout;
    private Process process;
    private long lastStartMillis;

    private ServiceProcess(
            String name,
            Path jar,
            int port,
            Map<String, String> environment,
            Path log,
            String heap,
            String awaitPath,
            Duration readyTimeout) {
        this.awaitPath = awaitPath;
        this.readyTimeout = readyTimeout;
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.log = log;
        this.heap = heap;
    }

    /**
     * Starts {@code service} (its folder name under the project root) pointed at the test servers and
     * token issuer, plus {@code extraEnvironment}, and waits until it is ready.
     */
    public static ServiceProcess start(
            Path root, String service, String database, Map<String, String> extraEnvironment) {
        return start(root, service, database, extraEnvironment, "512m");
    }

    /** As above, with the JVM's maximum heap ({@code -Xmx}), e.g. {@code 4g} for a million rules. */
    public static ServiceProcess start(
            Path root, String service, String database, Map<String, String> extraEnvironment, String heap) {
        return start(root, service, database, extraEnvironment, heap, "/q/health/ready", READY_TIMEOUT);
    }

    /** As above, waiting up to {@code readyTimeout} (120 s otherwise) for each start, e.g. for ten million rules. */
    public static ServiceProcess start(
            Path root,
            String service,
            String database,
            Map<String, String> extraEnvironment,
            String heap,
            Duration readyTimeout) {
        return start(root, service, database, extraEnvironment, heap, "/q/health/ready", readyTimeout);
    }

    /**
     * As {@link #start(Path, String, String, Map)}, but waits only until the service is alive
     * ({@code /q/health/live}), for tests of a service that starts while a dependency is away.
     */
    public static ServiceProcess startAlive(
            Path root, String service, String database, Map<String, String> extraEnvironment) {
        return start(root, service, database, extraEnvironment, "512m", "/q/health/live", READY_TIMEOUT);
    }

    private static ServiceProcess start(
            Path root,
            String service,
            String database,
            Map<String, String> extraEnvironment,
            String heap,
            String awaitPath,
            Duration readyTimeout) {
        DevServersProcess servers = DevServersProcess.shared();
        Map<String, String> env = new HashMap<>();
        int port = freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("IPFENCE_KAFKA_BOOTSTRAP", servers.kafkaBootstrap());
        env.put("IPFENCE_OIDC_PUBLIC_KEY", TestTokens.publicKeyPem());
        env.put("IPFENCE_OIDC_ISSUER", TestTokens.ISSUER);
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        if (database != null) {
            env.put("IPFENCE_DB_REACTIVE_URL", servers.reactiveUrl(database));
            env.put("IPFENCE_DB_JDBC_URL", servers.jdbcUrl(database));
            env.put("IPFENCE_DB_USERNAME", servers.postgresUsername());
            env.put("IPFENCE_DB_PASSWORD", servers.postgresPassword());
        }
        env.putAll(extraEnvironment);
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + service + " first");
        }
        ServiceProcess process = new ServiceProcess(
                service,
                jar,
                port,
                env,
                Path.of("target", service + ".log").toAbsolutePath(),
                heap,
                awaitPath,
                readyTimeout);
        process.launch();
        return process;
    }

    public int port() {
        return port;
    }

    /** The running JVM's process id (for {@code jcmd}). */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the service (SIGTERM, as a cluster would) and starts it again; waits until ready. */
    public void restart() {
        stop();
        launch();
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx" + heap, "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            long started = System.nanoTime();
            process = builder.start();
            awaitReady();
            lastStartMillis = (System.nanoTime() - started) / 1_000_000;
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Milliseconds from the last process start to ready. */
    public long lastStartMillis() {
        return lastStartMillis;
    }

    private void awaitReady() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(url() + awaitPath))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(
                name + " did not answer " + awaitPath + " within " + readyTimeout.toSeconds() + " s; see " + log);
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                // enforcement-service writes its checkpoint at shutdown: about 3 s per million rules
                if (!process.waitFor(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
