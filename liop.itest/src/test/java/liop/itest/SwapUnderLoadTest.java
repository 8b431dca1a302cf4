package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
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
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Hundreds of executions in flight while the operator swaps the serving engine back and forth,
 * by target and by ranking: none of them fails.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwapUnderLoadTest {

    private static final int CLIENTS = 300;
    private static final int SWAPS = 12;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private DataNode node;

    @Configuration
    public Option[] config() {
        return LiopOptions.node("SwapUnderLoadTest");
    }

    @Test
    public void noExecutionFailsWhileEnginesSwap() throws Exception {
        Configs configs = new Configs(configurationAdmin);
        // Every client has a request in the pipeline at all times: up to 64 running, the others
        // admitted and waiting for a slot with their engine already chosen. (Running all 300 at once
        // on two cores would test CPU starvation against the deadline, not swapping.)
        configs.set("liop.node", Configs.props("executions.max", 64, "executions.queue.millis", 120_000L));
        configs.factory("liop.engine.chicory.extra", "interpreter", Configs.props("mode", "interpreter"));
        Await.until("both engines", Duration.ofSeconds(10), () -> node.describe(AgentIdentity.localOperator()).engines().size() == 2);
        long nodeServiceId = (Long) context.getServiceReference(DataNode.class).getProperty("service.id");
        LogicRequest echo = NodeServesTest.request("echo").withParams("{\"payload\": \"" + "x".repeat(2000) + "\"}");
        // Compile once on each engine first: the test is about swapping, not about cold compiles.
        for (String engine : List.of("chicory", "chicory-interpreter")) {
            LogicResult warm = node.execute(echo.withEngine(engine), AgentIdentity.localOperator());
            assertTrue(warm.error(), warm.ok());
        }

        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger completed = new AtomicInteger();
        List<Long> swapTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<long[]> spans = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> byEngine = new ConcurrentHashMap<>();
        List<String> failures = new ArrayList<>();
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                AgentIdentity agent = new AgentIdentity(AgentIdentity.PEER, "12D3KooWClient" + c);
                clients.add(pool.submit(() -> {
                    // Keep executing until the swaps are over, so requests are in flight at every swap.
                    do {
                        long started = System.nanoTime();
                        LogicResult result = node.execute(echo, agent);
                        spans.add(new long[] {started, System.nanoTime()});
                        if (!result.ok()) {
                            synchronized (failures) {
                                failures.add(result.status() + ": " + result.error());
                            }
                        }
                        byEngine.computeIfAbsent(result.engine(), e -> new AtomicInteger()).incrementAndGet();
                        completed.incrementAndGet();
                    } while (swapping.get());
                }));
            }
            for (int swap = 0; swap < SWAPS; swap++) {
                Thread.sleep(250);
                swapTimes.add(System.nanoTime());
                switch (swap % 3) {
                    case 0 -> configs.put("liop.node", "engine.target", "(liop.engine.name=chicory-interpreter)");
                    case 1 -> configs.put("liop.node", "engine.target", "(liop.engine.name=chicory)");
                    default -> {
                        configs.remove("liop.node", "engine.target");
                        configs.factory("liop.engine.chicory.extra", "interpreter", Configs.props("mode", "interpreter", "service.ranking", swap));
                    }
                }
            }
            Thread.sleep(150);
            swapping.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
        }

        assertTrue("failures: " + failures.subList(0, Math.min(5, failures.size())), failures.isEmpty());
        // What matters is that requests were in flight at the swaps, however fast the machine is.
        long spanningASwap = spans.stream().filter(span -> swapTimes.stream().anyMatch(t -> span[0] < t && t < span[1])).count();
        assertTrue("requests in flight across a swap: " + spanningASwap, spanningASwap >= CLIENTS);
        Map<String, Integer> counts = new TreeMap<>();
        byEngine.forEach((engine, count) -> counts.put(engine, count.get()));
        assertTrue("both engines served during the swaps: " + counts, counts.containsKey("chicory") && counts.containsKey("chicory-interpreter"));
        assertEquals("the node never restarted", nodeServiceId, (long) (Long) context.getServiceReference(DataNode.class).getProperty("service.id"));
        System.out.println("swap under load: " + completed.get() + " executions by " + CLIENTS + " clients across " + SWAPS + " swaps ("
                + spanningASwap + " in flight across a swap), by engine " + counts);
    }
}
