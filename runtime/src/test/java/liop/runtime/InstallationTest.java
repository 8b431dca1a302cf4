package liop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationTest {

    @TempDir
    Path dir;

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        Installation installation = Installation.locate(
                Map.of("liop.home", "/opt/liop", "liop.base", "/srv/liop"),
                Map.of("LIOP_HOME", "/elsewhere", "LIOP_BASE", "/elsewhere/base"));

        assertThat(installation).isEqualTo(new Installation(Path.of("/opt/liop"), Path.of("/srv/liop")));
    }

    @Test
    void theBaseIsTheHomeUnlessSet() {
        Installation installation = Installation.locate(Map.of(), Map.of("LIOP_HOME", "/opt/liop"));

        assertThat(installation.base()).isEqualTo(Path.of("/opt/liop"));
        assertThat(installation.etc()).isEqualTo(Path.of("/opt/liop/etc"));
        assertThat(installation.frameworkProperties()).isEqualTo(Path.of("/opt/liop/lib/framework.properties"));
    }

    @Test
    void aNewBaseStartsWithACopyOfTheDefaultConfiguration() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/liop.manifest.cfg"), "grants = []\n");
        Installation installation = new Installation(home, dir.resolve("base"));

        assertThat(installation.prepareBase()).singleElement().asString().startsWith("created " + dir.resolve("base/etc"));

        assertThat(dir.resolve("base/etc/liop.manifest.cfg")).hasContent("grants = []");
        assertThat(dir.resolve("base/deploy")).isDirectory();
        assertThat(dir.resolve("base/data")).isDirectory();
        assertThat(installation.loggingProperties()).isEmpty();
    }

    @Test
    void anExistingBaseIsLeftAsItIs() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home/etc")).getParent();
        Files.writeString(home.resolve("etc/liop.manifest.cfg"), "grants = []\n");
        Path base = Files.createDirectories(dir.resolve("base/etc")).getParent();

        assertThat(new Installation(home, base).prepareBase()).isEmpty();
        assertThat(base.resolve("etc/liop.manifest.cfg")).doesNotExist();
    }

    @Test
    void bundlesComeFromBundleThenDeployInNameOrder() throws IOException {
        Path home = dir;
        Files.createDirectories(home.resolve("bundle"));
        Files.createDirectories(home.resolve("deploy"));
        Files.writeString(home.resolve("bundle/b.jar"), "");
        Files.writeString(home.resolve("bundle/a.jar"), "");
        Files.writeString(home.resolve("bundle/notes.txt"), "");
        Files.writeString(home.resolve("deploy/z.jar"), "");
        Installation installation = new Installation(home, home);

        assertThat(installation.bundleJars(true)).extracting(p -> p.getFileName().toString()).containsExactly("a.jar", "b.jar", "z.jar");
        assertThat(installation.bundleJars(false)).extracting(p -> p.getFileName().toString()).containsExactly("a.jar", "b.jar");
    }
}
