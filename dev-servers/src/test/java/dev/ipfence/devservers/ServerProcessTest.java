package dev.ipfence.devservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    @Test
    void runsTheParentsCommandsInOrderAndSkipsUnknownOnes() {
        List<String> ran = new ArrayList<>();
        Map<String, ServerProcess.Command> commands = new LinkedHashMap<>();
        commands.put("stop-x", () -> {
            ran.add("stop");
            return "X-STOPPED";
        });
        commands.put("start-x", () -> {
            ran.add("start");
            return null;
        });
        var in = new ByteArrayInputStream("stop-x\n  start-x \nnope\nstop-x\n".getBytes(StandardCharsets.UTF_8));
        ServerProcess.serveCommands(in, "test", commands);
        assertThat(ran).containsExactly("stop", "start", "stop");
    }

    @Test
    void theReadyFileHoldsWhatIsAnnounced(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/ready.properties");
        ServerProcess.announceReady("TEST-READY", Map.of("port", "1234"), file, "test");
        Properties read = new Properties();
        try (var in = Files.newInputStream(file)) {
            read.load(in);
        }
        assertThat(read).hasSize(1);
        assertThat(read.getProperty("port")).isEqualTo("1234");
        assertThat(dir.resolve("sub/ready.properties.tmp")).doesNotExist();
    }

    @Test
    void aFreePortCanBeBound() throws IOException {
        int port = ServerProcess.freePort();
        try (var socket = new java.net.ServerSocket(port)) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
