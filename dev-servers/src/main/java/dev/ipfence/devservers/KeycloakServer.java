package dev.ipfence.devservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a real Keycloak (the {@code keycloak-quarkus-dist} this module unpacks at build time) for
 * {@code ./ipfence up --idp keycloak} and for the integration tests: {@code kc.sh start-dev} on
 * 127.0.0.1 with its H2 database under {@code --data-dir}, health on a management port, and the
 * realms of {@code --realm} files imported on first start. Keycloak runs on a JDK 21 or newer found
 * by {@link JavaHomes}; this launcher itself runs on any JDK 17+.
 *
 * <p>When Keycloak answers, it writes {@code url}, {@code port} and {@code management-port} to
 * {@code --ready-file} and prints them on a line starting with {@value #READY_MARKER}. It stops
 * Keycloak on SIGTERM, and with {@code --exit-with-parent} when its standard input closes; then it
 * also obeys {@code stop-keycloak} and {@code start-keycloak} there (for outage tests), answering
 * {@code KEYCLOAK-STOPPED} and {@code KEYCLOAK-STARTED}.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String READY_MARKER = "IPFENCE-KEYCLOAK-READY";
    static final int MINIMUM_JAVA = 21;
    static final String BOOTSTRAP_ADMIN = "admin";

    private final KeycloakOptions options;
    private final Path javaHome;
    private Process process;

    private KeycloakServer(KeycloakOptions options, Path javaHome) {
        this.options = options;
        this.javaHome = javaHome;
    }

    public static void main(String[] args) throws Exception {
        KeycloakOptions options = KeycloakOptions.parse(args);
        PrintStream log = System.err;
        Path javaHome = JavaHomes.find(MINIMUM_JAVA, System.getenv(), Path.of("/usr/lib/jvm"));
        KeycloakServer server = new KeycloakServer(options, javaHome);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ipfence-keycloak-shutdown"));
        long started = System.nanoTime();
        server.start();
        log.printf(
                "Keycloak ready on %s in %d ms (Java %s)%n",
                server.url(), (System.nanoTime() - started) / 1_000_000, javaHome);
        Map<String, String> ready = new LinkedHashMap<>();
        ready.put("url", server.url());
        ready.put("port", Integer.toString(options.port()));
        ready.put("management-port", Integer.toString(options.managementPort()));
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        ServerProcess.announceReady(READY_MARKER, ready, options.readyFile(), "ipfence Keycloak");
        if (options.exitWithParent()) {
            server.serveCommands(System.in);
            System.exit(0);
        } else {
            Thread.currentThread().join();
        }
    }

    String url() {
        return "http://127.0.0.1:" + options.port();
    }

    synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path kcSh = options.home().resolve("bin/kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException(kcSh + " is missing: build the dev-servers module (it unpacks Keycloak)");
        }
        Files.createDirectories(options.dataDir());
        copyRealms();
        List<String> command = new ArrayList<>(List.of(
                "bash",
                kcSh.toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                // one issuer, whichever name a client used to reach Keycloak (localhost or 127.0.0.1)
                "--hostname=" + url(),
                "--http-port=" + options.port(),
                "--http-management-port=" + options.managementPort(),
                "--health-enabled=true",
                "--db=dev-file",
                "--db-url=jdbc:h2:file:" + options.dataDir().toAbsolutePath().resolve("keycloakdb")
                        + ";NON_KEYWORDS=VALUE",
                "--import-realm"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(options.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome.toString());
        env.remove("JAVA");
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx" + options.heap());
        // a development server: start fast (C1 only) rather than peak throughput
        env.putIfAbsent("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        // the master realm's administrator, for the admin console of a development Keycloak only
        env.putIfAbsent("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
        env.putIfAbsent("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN);
        Files.createDirectories(options.log().toAbsolutePath().getParent());
        process = builder.start();
        awaitReady();
    }

    /** Puts the realm files where {@code --import-realm} reads them; realms that exist are left as they are. */
    private void copyRealms() throws IOException {
        Path importDir = options.home().resolve("data/import");
        Files.createDirectories(importDir);
        try (Stream<Path> old = Files.list(importDir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (Path realm : options.realms()) {
            Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<URI> checks = new ArrayList<>();
        checks.add(URI.create("http://127.0.0.1:" + options.managementPort() + "/health/ready"));
        for (Path realm : options.realms()) {
            String name = realm.getFileName().toString().replaceFirst("-realm\\.json$", "");
            checks.add(URI.create(url() + "/realms/" + name + "/.well-known/openid-configuration"));
        }
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited with " + process.exitValue() + " before it was ready; see " + options.log());
            }
            if (checks.stream().allMatch(uri -> answers(client, uri))) {
                return;
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException(
                "Keycloak not ready within " + options.timeout().toSeconds() + " s; see " + options.log());
    }

    private static boolean answers(HttpClient client, URI uri) {
        try {
            return client.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops Keycloak (SIGTERM to the script and its JVM, then SIGKILL after 30 s). */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    private void serveCommands(InputStream in) {
        Map<String, ServerProcess.Command> commands = new LinkedHashMap<>();
        commands.put("stop-keycloak", () -> {
            close();
            return "KEYCLOAK-STOPPED";
        });
        commands.put("start-keycloak", () -> {
            start();
            return "KEYCLOAK-STARTED";
        });
        ServerProcess.serveCommands(in, "Keycloak", commands);
    }

    /** Where this module unpacked Keycloak at build time. */
    static Path defaultHome() throws IOException {
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/ipfence-keycloak.properties")) {
            if (in == null) {
                throw new IllegalStateException("ipfence-keycloak.properties is missing: build the dev-servers module");
            }
            Properties props = new Properties();
            props.load(in);
            return Path.of(props.getProperty("home"));
        }
    }
}
