package liop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkPropertiesTest {

    /** The one file the launcher and the Pax Exam tests share. */
    private static final Path SHARED = Path.of("../cnf/framework.properties");

    @TempDir
    Path dir;

    @Test
    void placeholdersAreFilledFromTheVariablesThenSystemProperties() {
        Map<String, String> variables = Map.of("liop.base", "/srv/liop");

        assertThat(FrameworkProperties.substitute("${liop.base}/etc,${liop.base}/deploy", variables::get)).isEqualTo("/srv/liop/etc,/srv/liop/deploy");
        assertThat(FrameworkProperties.substitute("${java.home}", System::getProperty)).isEqualTo(System.getProperty("java.home"));
        assertThat(FrameworkProperties.substitute("no placeholder", name -> null)).isEqualTo("no placeholder");
        assertThatThrownBy(() -> FrameworkProperties.substitute("${nowhere}", name -> null)).hasMessage("${nowhere} has no value");
    }

    @Test
    void aForegroundNodeKeepsItsStateInTheBaseAndWatchesEtcAndDeploy() throws IOException {
        Map<String, String> properties = FrameworkProperties.forNode(installation(), false);

        assertThat(properties)
                .containsEntry("org.osgi.framework.bootdelegation", "jdk.*,sun.*")
                .containsEntry(FrameworkProperties.STORAGE, dir.resolve("base/data/felix-cache").toString())
                .containsEntry("org.osgi.framework.storage.clean", "onFirstInit")
                .containsEntry(FrameworkProperties.FILEINSTALL_DIR, dir.resolve("base/etc") + "," + dir.resolve("base/deploy"))
                .containsEntry("felix.fileinstall.poll", "200")
                .containsEntry("felix.fileinstall.noInitialDelay", "true")
                .containsEntry(FrameworkProperties.FILEINSTALL_CONFIG_SAVE, "false")
                .containsEntry(FrameworkProperties.GOSH_ARGS, "--nointeractive --noshutdown")
                .containsEntry("liop.home", dir.resolve("home").toString())
                .containsEntry(FrameworkProperties.ETC, dir.resolve("base/etc").toString());
        assertThat(properties.values()).noneMatch(v -> v.contains("${"));
    }

    @Test
    void anInteractiveNodeStopsWhenTheShellExits() throws IOException {
        assertThat(FrameworkProperties.forNode(installation(), true).get(FrameworkProperties.GOSH_ARGS)).doesNotContain("--noshutdown");
    }

    @Test
    void execHasItsOwnStorageReadsOnlyEtcAndNeverWritesBack() throws IOException {
        Path storage = dir.resolve("exec-storage");

        Map<String, String> properties = FrameworkProperties.forExec(installation(), storage);

        assertThat(properties)
                .containsEntry(FrameworkProperties.STORAGE, storage.toString())
                .containsEntry(FrameworkProperties.FILEINSTALL_DIR, dir.resolve("base/etc").toString())
                .containsEntry(FrameworkProperties.FILEINSTALL_CONFIG_SAVE, "false");
    }

    @Test
    void theSharedFileUsesPlaceholdersOnlyWhereTheTestsReplaceThemThemselves() throws IOException {
        Map<String, String> raw = FrameworkProperties.read(SHARED, Map.of("liop.home", "H", "liop.base", "B"));

        assertThat(Files.readAllLines(SHARED)).filteredOn(line -> line.contains("${") && !line.startsWith("#"))
                .allMatch(line -> line.startsWith("org.osgi.framework.storage") || line.startsWith("felix.fileinstall."));
        assertThat(raw).containsEntry("felix.fileinstall.dir", "B/etc,B/deploy");
    }

    private Installation installation() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("lib"));
        Files.copy(SHARED, home.resolve("lib/framework.properties"));
        return new Installation(home, dir.resolve("base"));
    }
}
