package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import liop.api.engine.ExecutionStatus;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What an operator does with files while the node runs: drop an engine bundle into deploy/, drop
 * configurations into etc/ (good ones and broken ones), take the bundle out again. The node picks
 * each change up and keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployTest {

    private static final AgentIdentity AGENT = new AgentIdentity(AgentIdentity.PEER, "12D3KooWOperatorsFriend");
    private static final Duration PICK_UP = Duration.ofSeconds(15);

    @Inject
    private DataNode node;

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        // Start without any engine: the operator brings one.
        return LiopOptions.node("HotDeployTest", name -> name.equals("liop.engine.chicory"));
    }

    @Test
    public void picksUpBundlesAndConfigurationsDroppedIntoItsFolders() throws Exception {
        Path etc = LiopOptions.work().resolve("etc");
        Path deploy = LiopOptions.work().resolve("deploy");

        LogicResult noEngine = node.execute(NodeServesTest.request("echo"), AGENT);
        assertEquals(ExecutionStatus.UNAVAILABLE, noEngine.status());
        assertTrue(noEngine.error(), noEngine.error().contains("no engine is serving"));

        // An engine bundle dropped into deploy/ is installed, started and serves.
        Path engineJar = Distribution.bundles(name -> !name.equals("liop.engine.chicory")).get("liop.engine.chicory");
        Files.copy(engineJar, deploy.resolve("liop.engine.chicory.jar"), StandardCopyOption.REPLACE_EXISTING);
        Await.until("the dropped engine serving", PICK_UP, () -> node.execute(echo(), AGENT).ok());

        // A dataset and a manifest dropped into etc/ become configurations.
        Path visits = Files.writeString(LiopOptions.work().resolve("visits.jsonl"), """
                {"age": 34, "condition": "flu"}
                {"age": 50, "condition": "flu"}
                {"age": 61, "condition": "gout"}
                """);
        writeAtomically(etc.resolve("liop.dataset-visits.cfg"), "name = visits\npath = " + visits + "\n");
        writeAtomically(etc.resolve("liop.manifest.cfg"), "grants = [ \"dataset:visits{age,condition}\", \"dataset:lost{*}\" ]\n");
        // Three records would get differential-privacy noise by default; this test wants exact counts.
        writeAtomically(etc.resolve("liop.policy.cfg"), "dp.mode = off\n");
        Await.until("the visits dataset granted", PICK_UP, () -> node.describe(AGENT).grants().contains("dataset:visits{age,condition}")
                && policyApplied()
                && node.describe(AGENT).datasets().stream().anyMatch(d -> d.name().equals("visits")));
        // The policy component applies dp.mode = off a moment after Config Admin has it.
        Await.until("an exact aggregate over the dropped dataset", PICK_UP, () -> {
            LogicResult aggregate = node.execute(aggregate().withCapabilities(List.of("dataset:visits{age,condition}")), AGENT);
            return aggregate.ok() && aggregate.outputJson().contains("\"total\":3") && aggregate.outputJson().contains("\"avg_age\":42.0");
        });

        // Broken configurations: a dataset whose file is missing, a node setting out of range, a
        // file that is not a configuration at all. Each is reported; the node keeps serving.
        writeAtomically(etc.resolve("liop.dataset-lost.cfg"), "name = lost\npath = /nonexistent/lost.json\n");
        writeAtomically(etc.resolve("liop.node.cfg"), "executions.max = -5\n");
        writeAtomically(etc.resolve("garbage.cfg"), "\u0000\u0001 this is = not [ a configuration\n");
        Await.until("the lost dataset reported", PICK_UP, () -> {
            LogicResult lost = node.execute(aggregate().withCapabilities(List.of("dataset:lost{x}")), AGENT);
            return lost.status() == ExecutionStatus.UNAVAILABLE && lost.error().contains("/nonexistent/lost.json does not exist");
        });
        assertTrue("still serving after broken configurations", node.execute(echo(), AGENT).ok());

        // The bundle taken out of deploy/ is uninstalled: no engine again, and the node says so.
        Files.delete(deploy.resolve("liop.engine.chicory.jar"));
        Await.until("the engine gone", PICK_UP, () -> node.execute(echo(), AGENT).status() == ExecutionStatus.UNAVAILABLE);
    }

    private boolean policyApplied() {
        try {
            Object dp = configurationAdmin.getConfiguration("liop.policy", "?").getProperties().get("dp.mode");
            return "off".equals(dp);
        } catch (Exception e) {
            return false;
        }
    }

    private static LogicRequest echo() {
        return guest("echo");
    }

    private static LogicRequest aggregate() {
        return guest("aggregate");
    }

    private static LogicRequest guest(String name) {
        try {
            return NodeServesTest.request(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Writes beside and renames, so fileinstall never reads a half-written file. */
    private static void writeAtomically(Path file, String content) throws Exception {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
