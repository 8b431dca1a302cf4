package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The GraalWasm engine bundle as an operator uses it: dropped into the deploy/ folder of a running
 * node (the distribution does not ship it), it resolves, starts and registers the engine
 * {@code graalwasm}; requests naming it run the sample guests with the results the Chicory engine
 * gives; a higher ranking makes it serve requests that name no engine; taken out again, it is gone
 * and Chicory serves.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GraalWasmEngineTest {

    private static final AgentIdentity AGENT = new AgentIdentity(AgentIdentity.PEER, "12D3KooWGraalWasmFan");
    private static final Duration PICK_UP = Duration.ofSeconds(30);
    private static final String BUNDLE_PROPERTY = "liop.itest.graalwasm.bundle";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private DataNode node;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(LiopOptions.node("GraalWasmEngineTest"),
                systemProperty(BUNDLE_PROPERTY).value(Distribution.graalWasmBundle().toString()));
    }

    @Test
    public void dropsInRunsTheGuestsAsChicoryDoesServesWhenRankedAndGoesAway() throws Exception {
        Path deploy = LiopOptions.work().resolve("deploy");
        Path dropped = deploy.resolve("liop.engine.graalwasm.jar");
        Files.copy(Path.of(System.getProperty(BUNDLE_PROPERTY)), dropped, StandardCopyOption.REPLACE_EXISTING);

        ServiceReference<WasmEngine> graalwasm = awaitEngine("graalwasm");
        assertEquals(Bundle.ACTIVE, bundle("liop.engine.graalwasm").getState());
        assertEquals("a stock JDK: Truffle's fallback runtime", "interpreter", graalwasm.getProperty("liop.engine.mode"));
        assertEquals("Interpreted", graalwasm.getProperty("liop.engine.runtime"));
        assertEquals("interpreter", context.getService(graalwasm).info().mode());

        configurePatients();
        for (LogicRequest request : List.of(
                request("hello"),
                request("echo").withParams("{\"question\": \"why\", \"n\": [1, 2.50]}"),
                request("aggregate").withParams("{\"group_by\": 7}"),
                request("aggregate").withCapabilities(List.of("dataset:patients{age,condition}")),
                request("aggregate").withParams("{\"group_by\": \"sex\", \"field\": \"age\"}")
                        .withCapabilities(List.of("dataset:patients{age,sex}")),
                request("primes").withParams("{\"n\": 5000}"))) {
            LogicResult onGraalWasm = node.execute(request.withEngine("graalwasm"), AGENT);
            LogicResult onChicory = node.execute(request.withEngine("chicory"), AGENT);

            assertEquals(onGraalWasm.error(), "graalwasm", onGraalWasm.engine());
            assertEquals(onChicory.status(), onGraalWasm.status());
            assertEquals(onChicory.outputJson(), onGraalWasm.outputJson());
            assertEquals(onChicory.error(), onGraalWasm.error());
            assertEquals(onChicory.fuelUsed(), onGraalWasm.fuelUsed());
            assertEquals(onChicory.peakMemoryBytes(), onGraalWasm.peakMemoryBytes());
        }

        // Ranked above the embedded default, it serves the requests that name no engine.
        long firstRegistration = serviceId(graalwasm);
        new Configs(configurationAdmin).set("liop.engine.graalwasm", Configs.props("service.ranking", 100));
        Await.until("graalwasm serving", PICK_UP, () -> "graalwasm".equals(servingEngine()));
        assertNotEquals("a new ranking is a new registration, so greedy references rebind",
                firstRegistration, serviceId(awaitEngine("graalwasm")));

        // Taken out of deploy/, the bundle is uninstalled and the default serves again.
        Files.delete(dropped);
        Await.until("chicory serving again", PICK_UP, () -> "chicory".equals(servingEngine()));
        assertTrue("the engine is gone", engines("graalwasm").isEmpty());
    }

    private void configurePatients() throws Exception {
        Configs configs = new Configs(configurationAdmin);
        configs.factory("liop.dataset", "patients", Configs.props("name", "patients", "path", Distribution.patients().toString()));
        configs.set("liop.manifest", Configs.props("grants", new String[] {"dataset:patients{age,condition,sex}"}));
        Await.until("dataset patients and its grant", PICK_UP,
                () -> node.describe(AGENT).grants().contains("dataset:patients{age,condition,sex}"));
    }

    private static LogicRequest request(String guest) throws Exception {
        return NodeServesTest.request(guest);
    }

    /** The engine that actually ran a request naming none. */
    private String servingEngine() {
        try {
            LogicResult result = node.execute(request("echo"), AGENT);
            return result.ok() ? result.engine() : "none (" + result.error() + ")";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ServiceReference<WasmEngine> awaitEngine(String name) {
        return Await.value("engine " + name, PICK_UP, () -> engines(name).stream().findFirst().orElse(null));
    }

    private List<ServiceReference<WasmEngine>> engines(String name) {
        try {
            return List.copyOf(context.getServiceReferences(WasmEngine.class, "(liop.engine.name=" + name + ")"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty("service.id");
    }
}
