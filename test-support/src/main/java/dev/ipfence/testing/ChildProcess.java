package dev.ipfence.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A launcher of the dev-servers module in a child JVM, spoken to over its standard streams: it
 * prints a line starting with a ready marker when its servers are up, answers each command line
 * (e.g. {@code stop-kafka}) with one reply line, and stops its servers and exits when its standard
 * input closes, so a killed test JVM leaves nothing behind.
 */
final class ChildProcess {

    private static final String EXITED = "EXITED";

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines;
    private final String readyLine;

    private ChildProcess(String name, Process process, BlockingQueue<String> lines, String readyLine) {
        this.name = name;
        this.process = process;
        this.lines = lines;
        this.readyLine = readyLine;
    }

    /** Starts {@code command} (standard error to {@code log}) and waits for its ready line. */
    static ChildProcess start(String name, List<String> command, Path log, String readyMarker, Duration timeout) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> pump(process.getInputStream(), lines), name + "-stdout");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            String line;
            do {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } while (line != null && !line.startsWith(readyMarker) && !line.equals(EXITED));
            if (line == null || !line.startsWith(readyMarker)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not start within " + timeout.toSeconds() + " s ("
                        + (line == null ? "no answer" : "it exited") + "); see " + log);
            }
            return new ChildProcess(name, process, lines, line);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pump(InputStream stdout, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line.trim());
            }
        } catch (IOException ignored) {
            // the child is gone
        }
        lines.add(EXITED);
    }

    /** The line the child printed when it was ready. */
    String readyLine() {
        return readyLine;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends one command and waits for its reply, which must be {@code expectedReply}. */
    synchronized void command(String command, String expectedReply, Duration timeout) {
        try {
            lines.clear();
            OutputStream stdin = process.getOutputStream();
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String reply = lines.poll(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!expectedReply.equals(reply)) {
                throw new IllegalStateException(name + " answered " + reply + " to " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes the child's standard input (it stops and exits), waits, then deletes {@code dataDir}. */
    void stop(Duration wait, Path dataDir) {
        try (OutputStream stdin = process.getOutputStream()) {
            // closing standard input asks the child to stop its servers and exit
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(wait.toSeconds(), TimeUnit.SECONDS)) {
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
