package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.inject.Inject;
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
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 4's hot swap in production, as an operator does it on a node serving a steady load: several
 * clients call {@link DataNode#execute} back to back, every request numbered, while the operator
 * (a) drops the GraalWasm bundle into deploy/, (b) makes it serve by editing etc/liop.node.cfg, swaps
 * back by editing it again, then does the same with the gogo command {@code liop:swap graalwasm},
 * (c) swaps back to chicory with {@code liop:swap chicory}, and (d) takes the bundle out of deploy/.
 *
 * <p>No request fails, every request number is answered exactly once and with its own answer, the
 * node never restarts (no DataNode unregistration, liop.node never stops, the framework never
 * stops), and each engine serves in the phases it should: every request that starts once a swap has
 * taken effect runs on the new engine; while a swap is being applied, either engine may. The latency
 * of the requests in each phase is printed and written to {@code target/swap-latency.md}; it is a
 * report, not asserted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProductionSwapTest {

    private static final int CLIENTS = 6;
    /** How long the load runs undisturbed between two operator actions. */
    private static final long STEADY_MILLIS = 2_500;
    private static final Duration PICK_UP = Duration.ofSeconds(30);
    private static final String BUNDLE_PROPERTY = "liop.itest.graalwasm.bundle";
    private static final String CHICORY = "chicory";
    private static final String GRAALWASM = "graalwasm";
    private static final AgentIdentity PROBE = new AgentIdentity(AgentIdentity.PEER, "12D3KooWOperatorProbe");
    private static final Pattern ANSWERED_ID = Pattern.compile("\"request\"\\s*:\\s*(\\d+)");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private DataNode node;

    /** A request outside the load, to see which engine serves. */
    private LogicRequest probe;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(LiopOptions.node("ProductionSwapTest"),
                systemProperty(BUNDLE_PROPERTY).value(Distribution.graalWasmBundle().toString()));
    }

    /** One answered request of the load. */
    private record Served(long id, long startedNanos, long endedNanos, LogicResult result) {

        long millis() {
            return (endedNanos - startedNanos) / 1_000_000;
        }
    }

    /** A stretch of the run between two operator events, and the engines that may serve in it. */
    private record Phase(String name, long fromNanos, long toNanos, Set<String> engines, boolean steady) {

        boolean started(Served served) {
            return served.startedNanos() >= fromNanos && served.startedNanos() < toNanos;
        }

        boolean inFlightAtStart(Served served) {
            return served.startedNanos() < fromNanos && served.endedNanos() > fromNanos;
        }
    }

    @Test
    public void swapsEnginesUnderSteadyLoadWithoutFailingRepeatingOrRestarting() throws Exception {
        probe = NodeServesTest.request("echo").withParams("{\"probe\": true}");
        Path cfg = LiopOptions.work().resolve("etc").resolve("liop.node.cfg");
        Files.writeString(cfg, "# the operator's settings\n#engine.target = (liop.engine.name=chicory)\n");
        Await.until("etc/liop.node.cfg read", PICK_UP, () -> nodeConfig("felix.fileinstall.filename") != null);
        awaitServing(CHICORY);

        // What a restart would show: the node's service unregistered, its bundle stopped, the framework stopped.
        long nodeServiceId = dataNodeServiceId();
        Bundle nodeBundle = bundle("liop.node").orElseThrow();
        Bundle framework = context.getBundle(0);
        List<String> restarts = new CopyOnWriteArrayList<>();
        ServiceListener nodeService = event -> {
            if (event.getType() == ServiceEvent.UNREGISTERING) {
                restarts.add("DataNode service " + event.getServiceReference().getProperty("service.id") + " unregistered");
            }
        };
        BundleListener nodeBundleEvents = event -> {
            if (event.getBundle().getBundleId() == nodeBundle.getBundleId()
                    && (event.getType() == BundleEvent.STOPPING || event.getType() == BundleEvent.UNINSTALLED || event.getType() == BundleEvent.UPDATED)) {
                restarts.add("bundle liop.node event " + event.getType());
            }
        };
        FrameworkListener frameworkEvents = event -> {
            if (event.getType() == FrameworkEvent.STOPPED || event.getType() == FrameworkEvent.STOPPED_UPDATE
                    || event.getType() == FrameworkEvent.STOPPED_BOOTCLASSPATH_MODIFIED) {
                restarts.add("framework event " + event.getType());
            }
        };
        context.addServiceListener(nodeService, "(objectClass=" + DataNode.class.getName() + ")");
        context.addBundleListener(nodeBundleEvents);
        context.addFrameworkListener(frameworkEvents);

        LogicRequest echo = NodeServesTest.request("echo");
        AtomicLong nextId = new AtomicLong();
        Set<Long> issued = ConcurrentHashMap.newKeySet();
        List<Served> served = new CopyOnWriteArrayList<>();
        List<String> thrown = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Phase> phases = new ArrayList<>();
        Path dropped = LiopOptions.work().resolve("deploy").resolve("liop.engine.graalwasm.jar");

        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                AgentIdentity agent = new AgentIdentity(AgentIdentity.PEER, "12D3KooWSteadyClient" + c);
                clients.add(pool.submit(() -> {
                    while (loading.get()) {
                        long id = nextId.incrementAndGet();
                        issued.add(id);
                        long started = System.nanoTime();
                        try {
                            LogicResult result = node.execute(echo.withParams("{\"request\": " + id + "}"), agent);
                            served.add(new Served(id, started, System.nanoTime(), result));
                        } catch (RuntimeException e) {
                            thrown.add("request " + id + ": " + e);
                        }
                    }
                }));
            }
            Thread.sleep(500); // every client past its first request
            Timeline timeline = new Timeline(phases);

            timeline.begin("chicory serving", Set.of(CHICORY), true);
            Thread.sleep(STEADY_MILLIS);

            timeline.begin("(a) graalwasm jar dropped into deploy/, until its engine registers", Set.of(CHICORY), false);
            Path copying = Files.copy(Distribution.graalWasmBundle(), LiopOptions.work().resolve("liop.engine.graalwasm.jar.part"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(copying, dropped, StandardCopyOption.ATOMIC_MOVE);
            Await.until("engine graalwasm registered", PICK_UP, () -> !engines(GRAALWASM).isEmpty());
            timeline.begin("graalwasm installed, chicory serving", Set.of(CHICORY), true);
            Thread.sleep(STEADY_MILLIS);

            timeline.begin("(b) etc/liop.node.cfg edited to graalwasm, until it serves", Set.of(CHICORY, GRAALWASM), false);
            setTargetInCfg(cfg, GRAALWASM);
            awaitServing(GRAALWASM);
            timeline.begin("graalwasm serving (from the .cfg)", Set.of(GRAALWASM), true);
            Thread.sleep(STEADY_MILLIS);

            timeline.begin("(b) etc/liop.node.cfg edited back to chicory, until it serves", Set.of(CHICORY, GRAALWASM), false);
            setTargetInCfg(cfg, CHICORY);
            awaitServing(CHICORY);
            timeline.begin("chicory serving (from the .cfg)", Set.of(CHICORY), true);
            Thread.sleep(STEADY_MILLIS);

            timeline.begin("(b) gogo liop:swap graalwasm, until it serves", Set.of(CHICORY, GRAALWASM), false);
            String toGraalWasm = String.valueOf(shell("liop:swap graalwasm"));
            assertTrue(toGraalWasm, toGraalWasm.contains("new executions run on graalwasm"));
            awaitServing(GRAALWASM);
            timeline.begin("graalwasm serving (from liop:swap)", Set.of(GRAALWASM), true);
            Thread.sleep(STEADY_MILLIS);

            timeline.begin("(c) gogo liop:swap chicory, until it serves", Set.of(CHICORY, GRAALWASM), false);
            String toChicory = String.valueOf(shell("liop:swap chicory"));
            assertTrue(toChicory, toChicory.contains("new executions run on chicory"));
            awaitServing(CHICORY);
            timeline.begin("chicory serving (from liop:swap)", Set.of(CHICORY), true);
            Thread.sleep(STEADY_MILLIS);

            timeline.begin("(d) graalwasm jar removed from deploy/, until its bundle is gone", Set.of(CHICORY), false);
            Files.delete(dropped);
            Await.until("bundle liop.engine.graalwasm uninstalled", PICK_UP,
                    () -> engines(GRAALWASM).isEmpty() && bundle("liop.engine.graalwasm").isEmpty());
            timeline.begin("chicory serving, graalwasm gone", Set.of(CHICORY), true);
            Thread.sleep(STEADY_MILLIS);
            timeline.end();

            loading.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            loading.set(false);
            context.removeServiceListener(nodeService);
            context.removeBundleListener(nodeBundleEvents);
            context.removeFrameworkListener(frameworkEvents);
        }

        String report = latencyReport(phases, served);
        System.out.println(report);
        Files.writeString(LiopOptions.work().getParent().getParent().resolve("swap-latency.md"), report);

        assertTrue("requests threw: " + first(thrown), thrown.isEmpty());
        List<String> failed = served.stream().filter(s -> !s.result().ok())
                .map(s -> "request " + s.id() + " on " + s.result().engine() + ": " + s.result().status() + " " + s.result().error()).toList();
        assertTrue(failed.size() + " requests failed: " + first(failed), failed.isEmpty());

        // Each request answered exactly once, with its own answer.
        Map<Long, Long> answersById = served.stream().collect(Collectors.groupingBy(Served::id, Collectors.counting()));
        List<Long> twice = answersById.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertTrue("requests answered more than once: " + first(twice), twice.isEmpty());
        assertEquals("every request issued was answered", issued, answersById.keySet());
        List<String> mixedUp = served.stream().filter(s -> s.id() != answeredId(s.result()))
                .map(s -> "request " + s.id() + " got " + s.result().outputJson()).toList();
        assertTrue("answers to another request: " + first(mixedUp), mixedUp.isEmpty());

        assertTrue("the node restarted: " + restarts, restarts.isEmpty());
        assertEquals("the DataNode service is the registration it was", nodeServiceId, dataNodeServiceId());
        assertEquals("liop.node stayed active", Bundle.ACTIVE, nodeBundle.getState());
        assertEquals("the framework stayed active", Bundle.ACTIVE, framework.getState());

        for (Phase phase : phases) {
            List<Served> inPhase = served.stream().filter(phase::started).toList();
            List<String> elsewhere = inPhase.stream().filter(s -> !phase.engines().contains(s.result().engine()))
                    .map(s -> "request " + s.id() + " on " + s.result().engine()).toList();
            assertTrue(phase.name() + ": requests on an engine other than " + phase.engines() + ": " + first(elsewhere), elsewhere.isEmpty());
            if (phase.steady()) {
                assertTrue(phase.name() + ": no request ran", !inPhase.isEmpty());
            } else {
                // The point of the exercise: the operator acted while requests were running.
                assertTrue(phase.name() + ": no request was in flight when the operator acted", served.stream().anyMatch(phase::inFlightAtStart));
            }
        }
    }

    /** Marks where each phase starts; a phase ends where the next one starts. */
    private static final class Timeline {
        private final List<Phase> phases;
        private String name;
        private long from;
        private Set<String> engines;
        private boolean steady;

        Timeline(List<Phase> phases) {
            this.phases = phases;
        }

        void begin(String nextName, Set<String> nextEngines, boolean nextSteady) {
            long now = System.nanoTime();
            if (name != null) {
                phases.add(new Phase(name, from, now, engines, steady));
            }
            name = nextName;
            from = now;
            engines = nextEngines;
            steady = nextSteady;
        }

        void end() {
            begin(null, null, false);
        }
    }

    /** Writes {@code engine.target} into the .cfg as an operator's editor would: the whole file at once. */
    private static void setTargetInCfg(Path cfg, String engine) throws Exception {
        String text = Files.readString(cfg);
        String updated = text.replaceFirst("(?m)^#?\\s*engine\\.target\\s*=.*$", "engine.target = (liop.engine.name=" + engine + ")");
        assertTrue(text, !updated.equals(text));
        Path editing = LiopOptions.work().resolve("liop.node.cfg.editing");
        Files.writeString(editing, updated);
        Files.move(editing, cfg, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String latencyReport(List<Phase> phases, List<Served> served) {
        StringBuilder text = new StringBuilder();
        text.append("Latency of ").append(served.size()).append(" echo requests from ").append(CLIENTS)
                .append(" clients, by the phase in which each started (client-side wall clock, ms)\n\n");
        text.append("| phase | in flight at start | requests | by engine | p50 | p95 | max |\n");
        text.append("|---|---:|---:|---|---:|---:|---:|\n");
        for (Phase phase : phases) {
            List<Long> millis = new ArrayList<>();
            Map<String, Integer> byEngine = new TreeMap<>();
            for (Served s : served) {
                if (phase.started(s)) {
                    millis.add(s.millis());
                    byEngine.merge(s.result().engine(), 1, Integer::sum);
                }
            }
            Collections.sort(millis);
            long inFlight = served.stream().filter(phase::inFlightAtStart).count();
            text.append(String.format("| %s (%.1f s) | %d | %d | %s | %s | %s | %s |%n", phase.name(), (phase.toNanos() - phase.fromNanos()) / 1e9,
                    inFlight, millis.size(), byEngine.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                    percentile(millis, 50), percentile(millis, 95), millis.isEmpty() ? "-" : millis.getLast()));
        }
        return text.toString();
    }

    private static String percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return String.valueOf(sorted.get(Math.max(0, rank - 1)));
    }

    private static long answeredId(LogicResult result) {
        if (result.outputJson() == null) {
            return -1;
        }
        Matcher matcher = ANSWERED_ID.matcher(result.outputJson());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String first(List<?> items) {
        return items.subList(0, Math.min(5, items.size())).toString();
    }

    private void awaitServing(String engine) {
        Await.until("engine " + engine + " serving", PICK_UP, () -> engine.equals(servingEngine()));
    }

    /** The engine that runs a request naming none, asked by a probe outside the load. */
    private String servingEngine() {
        LogicResult result = node.execute(probe, PROBE);
        return result.ok() ? result.engine() : "none (" + result.error() + ")";
    }

    private String shell(String command) {
        return Shell.run(context, command);
    }

    private Object nodeConfig(String key) {
        return new Configs(configurationAdmin).value("liop.node", key);
    }

    private List<ServiceReference<WasmEngine>> engines(String name) {
        try {
            return List.copyOf(context.getServiceReferences(WasmEngine.class, "(liop.engine.name=" + name + ")"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private java.util.Optional<Bundle> bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }

    private long dataNodeServiceId() {
        return (Long) context.getServiceReference(DataNode.class).getProperty("service.id");
    }
}
