package dev.ipfence.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** nginx from the OS packages, run from a folder of its own with a configuration the test writes. */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path prefix;

    private Nginx(Process process, int port, Path prefix) {
        this.process = process;
        this.port = port;
        this.prefix = prefix;
    }

    /** {@code httpBlock} is the body of the {@code http {}} block; it may use {@code PREFIX}. */
    static Nginx start(String name, int port, String httpBlock) {
        try {
            Path prefix = Path.of("target", name).toAbsolutePath();
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("tmp"));
            String conf = """
                    worker_processes 1;
                    daemon off;
                    pid PREFIX/nginx.pid;
                    error_log PREFIX/logs/error.log warn;
                    events { worker_connections 512; }
                    http {
                      access_log PREFIX/logs/access.log;
                      client_body_temp_path PREFIX/tmp/body;
                      proxy_temp_path PREFIX/tmp/proxy;
                      fastcgi_temp_path PREFIX/tmp/fastcgi;
                      uwsgi_temp_path PREFIX/tmp/uwsgi;
                      scgi_temp_path PREFIX/tmp/scgi;
                    %s
                    }
                    """.formatted(httpBlock).replace("PREFIX", prefix.toString());
            Path confFile = prefix.resolve("nginx.conf");
            Files.writeString(confFile, conf);
            Process process = new ProcessBuilder(List.of(binary(), "-p", prefix.toString(), "-c", confFile.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
                    .start();
            Nginx nginx = new Nginx(process, port, prefix);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start nginx", e);
        }
    }

    int port() {
        return port;
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed (apt-get install nginx-light); .ci/run installs it");
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited; see " + prefix.resolve("logs"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nginx not listening on " + port + "; see " + prefix.resolve("logs"));
    }

    @Override
    public void close() {
        process.destroy();
    }
}
