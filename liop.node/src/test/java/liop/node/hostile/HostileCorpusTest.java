package liop.node.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import liop.api.engine.ExecutionStatus;
import liop.api.node.AgentIdentity;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import liop.node.Pipeline;
import liop.node.hostile.HostileCorpus.Entry;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@code hostile/} in io.liop:guests) against the whole pipeline on the real
 * Chicory engine, compiled and interpreted. Each mode gets ONE pipeline; every entry runs through it
 * in order and must end exactly as {@code expectations.json} says. Besides its status, error and
 * output, every result must come back within its deadline (plus the engine's grace), leave no guest
 * thread running, show the agent no diagnostics and leave the preopened files untouched. After the
 * corpus the same pipeline must still aggregate a dataset correctly, with the threads and heap of
 * the JVM back where they started.
 *
 * <p>Entries marked {@code known_defect} run like the others and fail with that label until the
 * defect is fixed (then the note goes).
 */
class HostileCorpusTest {

    private static final HostileCorpus CORPUS = HostileCorpus.load();
    private static final AgentIdentity STRANGER = new AgentIdentity(AgentIdentity.PEER, "12D3KooWHostileStranger");
    private static final String PATIENTS_GRANT = HostileCorpus.PATIENTS_GRANT;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How late past its deadline an answer may come: the engine's grace for stopping a guest, plus slack. */
    private static final long ANSWER_SLACK_MILLIS = 1_500;
    /** How long a guest thread may take to disappear once its result is in. */
    private static final long GUEST_EXIT_MILLIS = 500;
    /** Platform threads the JVM may add on its own meanwhile (virtual-thread carriers, JIT, GC helpers). */
    private static final int THREAD_SLACK = 8;
    private static final long HEAP_SLACK_BYTES = 256L << 20;

    @TestFactory
    Stream<DynamicNode> compilerMode(@TempDir Path dir) throws Exception {
        return new CorpusRun(ExecutionMode.COMPILER, dir).tests();
    }

    @TestFactory
    Stream<DynamicNode> interpreterMode(@TempDir Path dir) throws Exception {
        return new CorpusRun(ExecutionMode.INTERPRETER, dir).tests();
    }

    /** One engine mode: its pipeline, fixture, baseline and the results seen so far. */
    private static final class CorpusRun {

        private final ExecutionMode mode;
        private final Path fixture;
        private final Path preopen;
        private final Map<String, String> fixtureBefore;
        private final JvmState before;
        private final Pipeline pipeline;
        private final List<String> summary = new ArrayList<>();

        CorpusRun(ExecutionMode mode, Path dir) throws Exception {
            this.mode = mode;
            this.fixture = Files.createDirectories(dir.resolve("fixture"));
            this.preopen = CORPUS.fixture().createUnder(fixture);
            this.fixtureBefore = snapshot(fixture);
            this.pipeline = CORPUS.pipeline(new ChicoryEngine("chicory", mode, 16), dir, preopen);
            warmUp();
            this.before = JvmState.now();
        }

        /**
         * Runs the corpus's own infinite loop a few times first. A cold JVM on a busy machine can
         * interpret so slowly that the loop meets its 2 s deadline before it has burnt its fuel
         * (seen: 540,705 of 1,000,000 units), which is safe but not the outcome the corpus pins.
         */
        private void warmUp() {
            Entry loop = CORPUS.entries().stream().filter(e -> e.name().equals("loop-in-start")).findFirst().orElseThrow();
            for (int i = 0; i < 3; i++) {
                pipeline.execute(LogicRequest.of(loop.bytes()), STRANGER);
            }
        }

        Stream<DynamicNode> tests() {
            Stream<DynamicNode> entries = CORPUS.entries().stream()
                    .map(entry -> dynamicTest(entry.name() + entry.knownDefect().map(d -> " [known defect]").orElse(""), () -> check(entry)));
            Stream<DynamicNode> afterwards = Stream.of(
                    dynamicTest("afterwards: the same pipeline aggregates a dataset correctly", this::servesANormalRequest),
                    dynamicTest("afterwards: no guest thread left, threads and heap back to normal", this::jvmBackToNormal));
            return Stream.concat(entries, afterwards);
        }

        private void check(Entry entry) {
            Set<Thread> guestsBefore = guestThreads();
            LogicRequest request = LogicRequest.of(entry.bytes())
                    .withCapabilities(entry.capabilitiesFor(preopen))
                    .withParams(entry.paramsFor(preopen));
            LogicResult result;
            try {
                result = pipeline.execute(request, STRANGER);
            } catch (Throwable escaped) {
                summary.add(row(entry, "THROWN", "WRONG", -1, -1, escaped.toString()));
                fail(report(entry, List.of("Pipeline.execute threw instead of returning a result: " + escaped)), escaped);
                return;
            }
            List<String> problems = problems(entry, result, guestsBefore);
            summary.add(row(entry, result.status().wireName(), problems.isEmpty() ? "as expected" : "WRONG", result.fuelUsed(), result.elapsedMillis(),
                    result.ok() ? result.outputJson() : result.error()));
            if (!problems.isEmpty()) {
                fail(report(entry, problems) + "\n  got: " + result.status().wireName() + " \"" + result.error() + "\""
                        + (result.outputJson() == null ? "" : " output " + result.outputJson())
                        + " (fuel " + result.fuelUsed() + ", " + result.elapsedMillis() + " ms)");
            }
        }

        private List<String> problems(Entry entry, LogicResult result, Set<Thread> guestsBefore) {
            HostileCorpus.Limits limits = CORPUS.limits();
            List<String> problems = new ArrayList<>();
            if (result.status() != entry.status()) {
                problems.add("status " + result.status().wireName() + ", expected " + entry.status().wireName());
            }
            if (entry.status() == ExecutionStatus.OK) {
                Optional<JsonNode> output = parse(result.outputJson());
                if (result.status() == ExecutionStatus.OK && !output.equals(Optional.ofNullable(entry.output()))) {
                    problems.add("output " + result.outputJson() + ", expected " + entry.output());
                }
            } else {
                if (!result.error().contains(entry.errorFor(preopen))) {
                    problems.add("the error does not contain \"" + entry.errorFor(preopen) + "\"");
                }
                if (result.outputJson() != null) {
                    problems.add("a failed execution still returned output " + result.outputJson());
                }
            }
            if (result.status() == ExecutionStatus.OUT_OF_FUEL && result.fuelUsed() <= limits.fuelLimit()) {
                problems.add("out of fuel with " + result.fuelUsed() + " fuel used, within the limit of " + limits.fuelLimit());
            }
            if (result.status() == ExecutionStatus.OK && result.fuelUsed() > limits.fuelLimit()) {
                problems.add("ok with " + result.fuelUsed() + " fuel used, more than the limit of " + limits.fuelLimit());
            }
            if (result.elapsedMillis() > limits.deadlineMillis() + ANSWER_SLACK_MILLIS) {
                problems.add("the answer took " + result.elapsedMillis() + " ms, past the deadline of " + limits.deadlineMillis() + " ms and the engine's grace");
            }
            if (!result.diagnostics().isEmpty()) {
                problems.add("a remote agent was shown the module's diagnostics: " + abbreviate(result.diagnostics()));
            }
            List<String> lingering = guestThreadsAfter(GUEST_EXIT_MILLIS, guestsBefore);
            if (!lingering.isEmpty()) {
                problems.add("the guest was still running " + GUEST_EXIT_MILLIS + " ms after its result was returned: " + lingering);
            }
            Map<String, String> fixtureNow = snapshot(fixture);
            if (!fixtureNow.equals(fixtureBefore)) {
                problems.add("the files on the host changed: " + fixtureBefore + " became " + fixtureNow);
            }
            return problems;
        }

        private String report(Entry entry, List<String> problems) {
            StringBuilder text = new StringBuilder();
            entry.knownDefect().ifPresent(defect -> text.append("KNOWN DEFECT (expectations.json): ").append(defect).append("\n"));
            text.append(entry.name()).append(" on Chicory ").append(mode.configValue()).append(" (attacks: ").append(entry.attacks()).append(")\n");
            text.append("  expected: ").append(entry.status().wireName())
                    .append(entry.status() == ExecutionStatus.OK ? " output " + entry.output() : " \"" + entry.errorFor(preopen) + "\"");
            problems.forEach(problem -> text.append("\n  - ").append(problem));
            return text.toString();
        }

        private void servesANormalRequest() throws Exception {
            LogicResult result = pipeline.execute(LogicRequest.of(guest("aggregate")).withCapabilities(List.of(PATIENTS_GRANT)), STRANGER);

            assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
            assertThat(JSON.readTree(result.outputJson())).isEqualTo(JSON.readTree("""
                    {"total": 3, "skipped": 0, "groups": [
                      {"condition": "asthma", "count": 2, "avg_age": 35.00},
                      {"condition": "diabetes", "count": 1, "avg_age": 71.00}]}
                    """));
            assertThat(result.fuelUsed()).isPositive();
        }

        private void jvmBackToNormal() {
            try {
                printSummary();
                assertThat(guestThreadsAfter(5_000, Set.of())).as("guest threads still running after the corpus").isEmpty();
                JvmState after = JvmState.settledNear(before);
                assertThat(after.platformThreads()).as("platform threads after the corpus (before: %d)", before.platformThreads())
                        .isLessThanOrEqualTo(before.platformThreads() + THREAD_SLACK);
                assertThat(after.heapUsedBytes()).as("heap in use after the corpus (before: %d MiB)", before.heapUsedBytes() >> 20)
                        .isLessThanOrEqualTo(before.heapUsedBytes() + HEAP_SLACK_BYTES);
            } finally {
                pipeline.close();
            }
        }

        private void printSummary() {
            System.out.printf("%nHostile corpus on Chicory %s: %d entries%n", mode.configValue(), CORPUS.entries().size());
            System.out.printf("%-38s %-14s %-14s %-19s %10s %7s  %s%n", "entry", "expected", "got", "verdict", "fuel", "ms", "error or output");
            summary.forEach(System.out::println);
        }

        private String row(Entry entry, String got, String verdict, long fuel, long millis, String said) {
            return String.format("%-38s %-14s %-14s %-19s %10d %7d  %s", entry.name(), entry.status().wireName(), got,
                    verdict + entry.knownDefect().map(d -> " (known)").orElse(""), fuel, millis, abbreviate(said));
        }
    }

    /** The engine's guest threads alive now (ChicoryEngine names them liop-guest-<engine>-<module>). */
    private static Set<Thread> guestThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("liop-guest-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    /**
     * Names of the guest threads, other than {@code earlier} ones, still alive once {@code waitMillis}
     * have passed or none is left.
     */
    private static List<String> guestThreadsAfter(long waitMillis, Set<Thread> earlier) {
        long giveUp = System.nanoTime() + waitMillis * 1_000_000;
        while (true) {
            List<String> alive = guestThreads().stream().filter(t -> !earlier.contains(t)).map(Thread::getName).toList();
            if (alive.isEmpty() || System.nanoTime() > giveUp) {
                return alive;
            }
            sleep(20);
        }
    }

    /** Platform threads and heap in use, measured after a collection. */
    private record JvmState(int platformThreads, long heapUsedBytes) {

        static JvmState now() {
            System.gc();
            return new JvmState(Thread.getAllStackTraces().size(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        /** The state once it is back near {@code baseline}, or after 5 s. */
        static JvmState settledNear(JvmState baseline) {
            long giveUp = System.nanoTime() + 5_000_000_000L;
            JvmState state = now();
            while (System.nanoTime() < giveUp
                    && (state.platformThreads > baseline.platformThreads + THREAD_SLACK || state.heapUsedBytes > baseline.heapUsedBytes + HEAP_SLACK_BYTES)) {
                sleep(100);
                state = now();
            }
            return state;
        }
    }

    /** Every file, directory and link under {@code root}, with contents and targets. */
    private static Map<String, String> snapshot(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            Map<String, String> tree = new TreeMap<>();
            for (Path path : paths.toList()) {
                String what;
                if (Files.isSymbolicLink(path)) {
                    what = "link to " + Files.readSymbolicLink(path);
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    what = "directory";
                } else {
                    what = "file " + Files.readString(path);
                }
                tree.put(root.relativize(path).toString(), what);
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<JsonNode> parse(String json) {
        try {
            return json == null ? Optional.empty() : Optional.of(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] guest(String name) throws IOException {
        try (InputStream in = HostileCorpusTest.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            if (in == null) {
                throw new IOException("guest " + name + " is not on the test class path (io.liop:guests)");
            }
            return in.readAllBytes();
        }
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
