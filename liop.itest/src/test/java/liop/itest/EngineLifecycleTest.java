package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import javax.inject.Inject;
import liop.api.engine.CompiledModule;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Chicory engine bundle's services in a real Felix: a default engine with no configuration,
 * extra engines from factory configurations, re-registration on a new ranking or mode, and a bundle
 * stop that lets the run in flight finish. A fresh framework per test, since tests stop bundles.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class EngineLifecycleTest {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return LiopOptions.node("EngineLifecycleTest");
    }

    @Test
    public void theDefaultEngineNeedsNoConfiguration() throws Exception {
        ServiceReference<WasmEngine> chicory = awaitEngine("chicory");

        assertEquals("compiler", chicory.getProperty("liop.engine.mode"));
        assertEquals("compiler", context.getService(chicory).info().mode());
    }

    @Test
    public void aFactoryConfigurationAddsAnEngineBesideTheDefault() throws Exception {
        new Configs(configurationAdmin).factory("liop.engine.chicory.extra", "interpreter", Configs.props("mode", "interpreter", "service.ranking", 7));

        ServiceReference<WasmEngine> extra = awaitEngine("chicory-interpreter");

        assertEquals(7, extra.getProperty("service.ranking"));
        assertEquals("interpreter", context.getService(extra).info().mode());
        assertEquals("the default engine is still there", 1, engines("chicory").size());
    }

    @Test
    public void aNewRankingOrModeRegistersBeforeItUnregisters() throws Exception {
        Configs configs = new Configs(configurationAdmin);
        configs.factory("liop.engine.chicory.extra", "x", Configs.props("mode", "interpreter", "service.ranking", 1));
        long first = serviceId(awaitEngine("chicory-x"));

        configs.factory("liop.engine.chicory.extra", "x", Configs.props("mode", "interpreter", "service.ranking", 50));
        // Make before break: for a moment both registrations exist, so take the one ranked 50.
        long second = serviceId(Await.value("ranking 50", Duration.ofSeconds(10),
                () -> engines("chicory-x").stream().filter(r -> Integer.valueOf(50).equals(r.getProperty("service.ranking"))).findFirst().orElse(null)));
        assertNotEquals("a new ranking is a new registration, so greedy references rebind", first, second);

        configs.factory("liop.engine.chicory.extra", "x", Configs.props("mode", "compiler", "service.ranking", 50));
        Await.until("compiler mode", Duration.ofSeconds(10), () -> engines("chicory-x").stream().anyMatch(r -> "compiler".equals(r.getProperty("liop.engine.mode"))));
        Await.until("the old registration gone", Duration.ofSeconds(10), () -> engines("chicory-x").size() == 1);
    }

    @Test
    public void stoppingTheBundleLetsTheRunInFlightFinish() throws Exception {
        WasmEngine engine = context.getService(awaitEngine("chicory"));
        byte[] primes = Files.readAllBytes(Distribution.guest("primes"));
        CompiledModule module = engine.compile(primes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(primes)));
        byte[] stdin = "{\"params\": {\"n\": 1500000}}".getBytes();
        long started = System.nanoTime();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> module.run(Sandbox.of(stdin)));
        Thread.sleep(50);

        Bundle engineBundle = engineBundle();
        engineBundle.stop();

        RunResult result = run.get();
        assertEquals(result.message(), ExecutionStatus.OK, result.status());
        assertTrue(new String(result.stdout()), new String(result.stdout()).contains("\"count\""));
        assertTrue("the engine service is gone", engines("chicory").isEmpty());
        assertTrue("the run took long enough to be in flight during the stop: " + (System.nanoTime() - started) / 1_000_000 + " ms",
                System.nanoTime() - started > 100_000_000L);
    }

    private Bundle engineBundle() {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals("liop.engine.chicory")) {
                return b;
            }
        }
        throw new AssertionError("liop.engine.chicory is not installed");
    }

    private ServiceReference<WasmEngine> awaitEngine(String name) {
        return Await.value("engine " + name, Duration.ofSeconds(10), () -> engines(name).stream().findFirst().orElse(null));
    }

    private Collection<ServiceReference<WasmEngine>> engines(String name) {
        try {
            return context.getServiceReferences(WasmEngine.class, "(liop.engine.name=" + name + ")");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty("service.id");
    }
}
