package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.LogicResult;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * An operator swaps the serving engine of a running node, by ranking and by a Config Admin target,
 * and nothing restarts: the DataNode service stays the same registration throughout. A fresh
 * framework per test, since each leaves engines and configuration behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class EngineSwapTest {

    private static final AgentIdentity AGENT = new AgentIdentity(AgentIdentity.PEER, "12D3KooWSwapper");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private DataNode node;

    @Configuration
    public Option[] config() {
        return LiopOptions.node("EngineSwapTest");
    }

    @Test
    public void swapsByRankingAndByTargetWithoutRestarting() throws Exception {
        Configs configs = new Configs(configurationAdmin);
        long nodeServiceId = dataNodeServiceId();
        assertEquals("the embedded default serves with no configuration at all", "chicory", servingEngine());

        // A second engine from the same bundle, ranked higher: it takes over on its own.
        configs.factory("liop.engine.chicory.extra", "interpreter", Configs.props("mode", "interpreter", "service.ranking", 10));
        awaitServing("chicory-interpreter");

        // The operator pins the first engine through Config Admin, whatever the ranking says.
        configs.put("liop.node", "engine.target", "(liop.engine.name=chicory)");
        awaitServing("chicory");

        // Lower the ranking below the default's, then let ranking decide again: the default serves.
        configs.factory("liop.engine.chicory.extra", "interpreter", Configs.props("mode", "interpreter", "service.ranking", -10));
        configs.remove("liop.node", "engine.target");
        awaitServing("chicory");

        // Ranking up again: the interpreter takes over, in place, with no new registration.
        configs.factory("liop.engine.chicory.extra", "interpreter", Configs.props("mode", "interpreter", "service.ranking", 20));
        awaitServing("chicory-interpreter");

        assertEquals("the DataNode service was never re-registered", nodeServiceId, dataNodeServiceId());
    }

    @Test
    public void aRequestCanNameAnyInstalledEngine() throws Exception {
        new Configs(configurationAdmin).factory("liop.engine.chicory.extra", "named", Configs.props("name", "chicory-second", "mode", "interpreter"));
        Await.until("engine chicory-second", Duration.ofSeconds(10), () -> engineNamed("chicory-second"));

        LogicResult result = node.execute(NodeServesTest.request("echo").withEngine("chicory-second"), AGENT);

        assertEquals(result.error(), ExecutionStatus.OK, result.status());
        assertEquals("chicory-second", result.engine());
    }

    @Test
    public void swapsFromTheShellAndFromTheCfgFileAlike() throws Exception {
        Path cfg = LiopOptions.work().resolve("etc").resolve("liop.node.cfg");
        Files.writeString(cfg, "# the operator's settings\n#engine.target = (liop.engine.name=chicory)\nexecutions.max = 32\n");
        new Configs(configurationAdmin).factory("liop.engine.chicory.extra", "interpreter", Configs.props("mode", "interpreter", "service.ranking", -1));
        Await.until("both engines", Duration.ofSeconds(10), () -> engineNamed("chicory-interpreter"));
        Await.until("liop.node.cfg read", Duration.ofSeconds(10), () -> "32".equals(String.valueOf(nodeConfig("executions.max"))));

        String answer = shell("liop:swap chicory-interpreter");
        assertTrue(answer, answer.contains("kept in " + cfg));
        awaitServing("chicory-interpreter");
        assertTrue(Files.readString(cfg), Files.readString(cfg).contains("\nengine.target = (liop.engine.name=chicory-interpreter)\n"));
        assertTrue("the operator's other lines stay", Files.readString(cfg).startsWith("# the operator's settings\n"));

        // Editing the file is the same as the command.
        Files.writeString(cfg, Files.readString(cfg).replace("chicory-interpreter)", "chicory)"));
        awaitServing("chicory");

        shell("liop:swap auto");
        Await.until("engine.target commented out", Duration.ofSeconds(10), () -> nodeConfig("engine.target") == null);
        assertTrue(Files.readString(cfg), Files.readString(cfg).contains("#engine.target"));
        assertTrue(String.valueOf(shell("liop:swap warp-drive")).contains("no engine named warp-drive"));
        assertTrue(String.valueOf(shell("liop:engines")).contains("chicory-interpreter"));
    }

    private String shell(String command) {
        return Shell.run(context, command);
    }

    private Object nodeConfig(String key) {
        return new Configs(configurationAdmin).value("liop.node", key);
    }

    private void awaitServing(String engine) {
        Await.until("engine " + engine + " serving", Duration.ofSeconds(10), () -> engine.equals(servingEngine()));
    }

    /** The engine that actually ran a request naming none. */
    private String servingEngine() {
        try {
            LogicResult result = node.execute(NodeServesTest.request("echo"), AGENT);
            return result.ok() ? result.engine() : "none (" + result.error() + ")";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean engineNamed(String name) {
        try {
            return !context.getServiceReferences(WasmEngine.class, "(liop.engine.name=" + name + ")").isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long dataNodeServiceId() {
        ServiceReference<DataNode> reference = context.getServiceReference(DataNode.class);
        return (Long) reference.getProperty("service.id");
    }
}
