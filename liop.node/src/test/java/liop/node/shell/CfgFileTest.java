package liop.node.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheCommentedOutSettingAndKeepsEverythingElse() throws Exception {
        Path cfg = Files.writeString(dir.resolve("liop.node.cfg"), """
                # Settings of the Data Node
                #engine.target = (liop.engine.name=chicory)
                executions.max = 8
                """);

        CfgFile.set(cfg, "engine.target", "(liop.engine.name=graalwasm)");

        assertThat(Files.readString(cfg)).isEqualTo("""
                # Settings of the Data Node
                engine.target = (liop.engine.name=graalwasm)
                executions.max = 8
                """);
    }

    @Test
    void appendsAMissingSettingAndCommentsItOutOnRemoval() throws Exception {
        Path cfg = Files.writeString(dir.resolve("liop.node.cfg"), "executions.max = 8\n");

        CfgFile.set(cfg, "engine.target", "(liop.engine.name=chicory)");
        assertThat(Files.readAllLines(cfg)).containsExactly("executions.max = 8", "engine.target = (liop.engine.name=chicory)");

        CfgFile.set(cfg, "engine.target", null);
        assertThat(Files.readAllLines(cfg)).containsExactly("executions.max = 8", "#engine.target = (liop.engine.name=chicory)");
    }

    @Test
    void leavesNoSecondActiveLineBehind() throws Exception {
        Path cfg = Files.writeString(dir.resolve("x.cfg"), "engine.target = (a=1)\nengine.target=(b=2)\n");

        CfgFile.set(cfg, "engine.target", "(c=3)");

        assertThat(Files.readAllLines(cfg)).containsExactly("engine.target = (c=3)", "#engine.target=(b=2)");
    }

    @Test
    void createsTheFileWhenThereIsNone() throws Exception {
        Path cfg = dir.resolve("liop.node.cfg");

        CfgFile.set(cfg, "engine.target", "(liop.engine.name=chicory)");

        assertThat(Files.readAllLines(cfg)).containsExactly("engine.target = (liop.engine.name=chicory)");
        assertThat(CfgFile.of(cfg.toUri().toString())).isEqualTo(cfg);
    }
}
