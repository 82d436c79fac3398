package dev.ipfence.devservers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * What every dev server process shares with the test JVM that starts it: free ports, the ready
 * announcement (a properties file and a marker line), the parent's command pipe, and its options.
 */
final class ServerProcess {

    /** A command of the parent; returns the line that answers it, or null for none. */
    @FunctionalInterface
    interface Command {
        String run() throws Exception;
    }

    private ServerProcess() {}

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Writes {@code ready} to {@code readyFile} (when given; atomically, so a reader never sees half
     * of it), then prints it on one line after {@code marker}.
     */
    static void announceReady(String marker, Map<String, String> ready, Path readyFile, String comment)
            throws IOException {
        if (readyFile != null) {
            Properties props = new Properties();
            props.putAll(ready);
            Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
            Files.createDirectories(readyFile.toAbsolutePath().getParent());
            try (var out = Files.newOutputStream(tmp)) {
                props.store(out, comment);
            }
            Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println(marker + " " + ready);
        System.out.flush();
    }

    /**
     * Runs the parent's commands, one a line, until its pipe closes, printing each answer on
     * standard output; {@code name} says who stops in the log.
     */
    static void serveCommands(InputStream in, String name, Map<String, Command> commands) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Command command = commands.get(line.trim());
                if (command == null) {
                    System.err.println("unknown command: " + line);
                } else {
                    String answer = command.run();
                    if (answer != null) {
                        System.out.println(answer);
                    }
                }
                System.out.flush();
            }
        } catch (Exception e) {
            // a broken pipe means the parent is gone, same as end of input
            System.err.println(name + " stopping: " + e.getMessage());
        }
    }

    /** The value of the option at {@code args[i - 1]}. */
    static String optionValue(String[] args, int i, String option, String usage) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage);
        }
        return args[i];
    }
}
