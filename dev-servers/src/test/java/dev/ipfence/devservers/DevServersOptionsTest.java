package dev.ipfence.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.events.Topic;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevServersOptionsTest {

    @Test
    void withoutDatabasesOrTopicsTheOnesIpfenceNeedsAreCreated() {
        DevServersOptions options = DevServersOptions.parse(new String[] {"--data-dir", "/tmp/x"});
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.databases()).isEqualTo(DevServers.DEFAULT_DATABASES);
        assertThat(options.topics()).hasSize(Topic.all().size());
        assertThat(options.postgres()).isTrue();
        assertThat(options.kafka()).isTrue();
        assertThat(options.pgPort()).isZero();
    }

    @Test
    void readsEveryOption() {
        DevServersOptions options = DevServersOptions.parse(new String[] {
            "--data-dir",
            "d",
            "--pg-port",
            "5433",
            "--database",
            "one",
            "--ready-file",
            "r",
            "--exit-with-parent",
            "--no-kafka"
        });
        assertThat(options.pgPort()).isEqualTo(5433);
        assertThat(options.databases()).containsExactly("one");
        assertThat(options.readyFile()).isEqualTo(Path.of("r"));
        assertThat(options.exitWithParent()).isTrue();
        assertThat(options.kafka()).isFalse();
    }

    @Test
    void refusesAMissingDataDirAValuelessOptionAndAnUnknownOne() {
        assertThatThrownBy(() -> DevServersOptions.parse(new String[] {}))
                .hasMessageStartingWith("--data-dir is required");
        assertThatThrownBy(() -> DevServersOptions.parse(new String[] {"--data-dir"}))
                .hasMessageStartingWith("--data-dir needs a value");
        assertThatThrownBy(() -> DevServersOptions.parse(new String[] {"--data-dir", "d", "--nope"}))
                .hasMessageStartingWith("unknown option --nope");
    }
}
