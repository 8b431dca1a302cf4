package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import liop.api.engine.ExecutionStatus;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The node inside a real Felix, configured only through Config Admin: it runs the sample guests over
 * a dataset, and answers every bad request with a clear error while it keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeServesTest {

    private static final AgentIdentity AGENT = new AgentIdentity(AgentIdentity.PEER, "12D3KooWTestAgent");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private DataNode node;

    @Configuration
    public Option[] config() {
        return LiopOptions.node("NodeServesTest");
    }

    @Before
    public void configurePatients() throws Exception {
        Configs configs = new Configs(configurationAdmin);
        configs.factory("liop.dataset", "patients", Configs.props("name", "patients", "path", Distribution.patients().toString(), "description", "synthetic patients"));
        configs.set("liop.manifest", Configs.props("grants", new String[] {"dataset:patients{age,condition,sex}"}));
        Await.until("dataset patients and its grant", Duration.ofSeconds(10), () ->
                node.describe(AGENT).datasets().stream().anyMatch(d -> d.name().equals("patients"))
                        && node.describe(AGENT).grants().contains("dataset:patients{age,condition,sex}"));
    }

    @Test
    public void everyLiopBundleCarriesTheSharedBndInstructions() {
        int seen = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("liop.")) {
                seen++;
                assertEquals(bundle.getSymbolicName(), "LIOP for Java", bundle.getHeaders().get("Bundle-Vendor"));
                assertTrue(bundle.getSymbolicName(), bundle.getHeaders().get("Bundle-License").startsWith("Apache-2.0"));
                assertNotNull(bundle.getSymbolicName() + " has LIOP-Version from cnf/build.bnd", bundle.getHeaders().get("LIOP-Version"));
                assertEquals(bundle.getSymbolicName() + " is active", Bundle.ACTIVE, bundle.getState());
            }
        }
        assertTrue("saw the liop bundles, got " + seen, seen >= 4);
    }

    @Test
    public void aggregatesTheDatasetNextToTheData() throws Exception {
        LogicResult result = node.execute(request("aggregate").withCapabilities(List.of("dataset:patients{age,condition}")), AGENT);

        assertEquals(result.error(), ExecutionStatus.OK, result.status());
        assertTrue(result.outputJson(), result.outputJson().contains("\"groups\""));
        assertTrue(result.outputJson(), result.outputJson().matches(".*\"total\":\\s*[1-9][0-9]{3,}.*"));
        assertEquals("chicory", result.engine());
        assertEquals("stderr never reaches a remote agent", "", result.diagnostics());
    }

    @Test
    public void echoesParams() throws Exception {
        LogicResult result = node.execute(request("echo").withParams("{\"question\": \"why\", \"n\": [1, 2]}"), AGENT);

        assertEquals(result.error(), ExecutionStatus.OK, result.status());
        assertTrue(result.outputJson(), result.outputJson().contains("\"question\":\"why\""));
    }

    @Test
    public void answersBadRequestsClearlyAndKeepsServing() throws Exception {
        assertRefused(LogicRequest.of("not wasm at all".getBytes()), ExecutionStatus.INVALID, "not a WebAssembly module");
        assertRefused(request("aggregate").withCapabilities(List.of("dataset:patients{age,ssn}")), ExecutionStatus.DENIED, "field(s) ssn");
        assertRefused(request("aggregate").withCapabilities(List.of("dataset:billing{amount}")), ExecutionStatus.DENIED, "no access to dataset billing");
        assertRefused(request("echo").withCapabilities(List.of("fs.read:/etc")), ExecutionStatus.DENIED, "fs.read:/etc denied");
        assertRefused(request("echo").withParams("{broken"), ExecutionStatus.INVALID, "params is not valid JSON");
        assertRefused(request("echo").withEngine("warp-drive"), ExecutionStatus.UNAVAILABLE, "no engine named warp-drive");

        new Configs(configurationAdmin).set("liop.manifest", Configs.props("grants", new String[] {"dataset:patients{agee}", "dataset:ghosts{*}"}));
        Await.until("new grants", Duration.ofSeconds(10), () -> node.describe(AGENT).grants().contains("dataset:ghosts{*}"));
        assertRefused(request("aggregate").withCapabilities(List.of("dataset:patients{agee}")), ExecutionStatus.INVALID, "did you mean age?");
        assertRefused(request("aggregate").withCapabilities(List.of("dataset:ghosts{x}")), ExecutionStatus.INVALID, "no dataset named ghosts");

        LogicResult stillServing = node.execute(request("echo"), AGENT);
        assertEquals(stillServing.error(), ExecutionStatus.OK, stillServing.status());
    }

    private void assertRefused(LogicRequest request, ExecutionStatus status, String gist) {
        LogicResult result = node.execute(request, AGENT);
        assertEquals(result.error(), status, result.status());
        assertTrue("'" + result.error() + "' should mention '" + gist + "'", result.error().contains(gist));
    }

    static LogicRequest request(String guest) throws Exception {
        return LogicRequest.of(Files.readAllBytes(Distribution.guest(guest)));
    }
}
