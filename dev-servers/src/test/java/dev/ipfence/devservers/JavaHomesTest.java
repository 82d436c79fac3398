package dev.ipfence.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaHomesTest {

    @TempDir
    Path jvms;

    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(
                home.resolve("bin/java"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(java).isExecutable();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void readsTheFeatureVersionFromTheReleaseFile() throws IOException {
        assertThat(JavaHomes.featureVersion(jdk("a", "25.0.3"))).contains(25);
        assertThat(JavaHomes.featureVersion(jdk("b", "17.0.12"))).contains(17);
        assertThat(JavaHomes.featureVersion(jdk("c", "1.8.0_412"))).contains(8);
        assertThat(JavaHomes.featureVersion(jvms.resolve("missing"))).isEmpty();
    }

    @Test
    void picksTheNewestSuitableJdkUnderTheFolder() throws IOException {
        jdk("java-17", "17.0.12");
        jdk("jdk-21", "21.0.5");
        Path newest = jdk("temurin-25", "25.0.3");
        assertThat(JavaHomes.find(21, Map.of(), jvms)).isEqualTo(newest);
    }

    @Test
    void anExplicitHomeWinsAndMustBeRecentEnough() throws IOException {
        jdk("temurin-25", "25.0.3");
        Path chosen = jdk("jdk-21", "21.0.5");
        assertThat(JavaHomes.find(21, Map.of("IPFENCE_KEYCLOAK_JAVA_HOME", chosen.toString()), jvms))
                .isEqualTo(chosen);
        Path old = jdk("java-17", "17.0.12");
        assertThatThrownBy(() -> JavaHomes.find(21, Map.of("KEYCLOAK_JAVA_HOME", old.toString()), jvms))
                .hasMessageContaining("KEYCLOAK_JAVA_HOME")
                .hasMessageContaining("found 17");
    }

    @Test
    void noSuitableJdkNamesWhatToInstall() throws IOException {
        Path old = jdk("java-17", "17.0.12");
        Map<String, String> env = Map.of("JAVA_HOME", old.toString());
        assertThatThrownBy(() -> JavaHomes.find(21, env, jvms, old))
                .hasMessageContaining("JDK 21 or newer")
                .hasMessageContaining("IPFENCE_KEYCLOAK_JAVA_HOME");
    }

    @Test
    void javaHomeIsTheFallback() throws IOException {
        Path home = jdk("elsewhere-21", "21.0.5");
        Path empty = Files.createDirectories(jvms.resolve("empty"));
        assertThat(JavaHomes.find(21, Map.of("JAVA_HOME", home.toString()), empty, home))
                .isEqualTo(home);
    }
}
