package liop.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The engines side by side, in one run: every engine runs the same guests on the same input, and
 * the report prints a Markdown table of latency (warm and cold), throughput with two callers and
 * memory per instance, each also as a ratio to the plain Java reference ({@link JavaReference}).
 *
 * <ul>
 *   <li><b>Warm latency and throughput</b>: {@link EngineBenchmark} under JMH, one fork per engine and
 *       guest (for Node.js, the same loop in {@code engines.mjs}, timed inside the process).
 *   <li><b>Cold</b>: {@link EngineProbe} (or {@code engines.mjs cold}) in a fresh process per try: the
 *       first execution of a module the engine has never seen, compile included, timed inside the
 *       process; and the whole process, start to exit, timed from outside.
 *   <li><b>Memory</b>: retained memory per instance with many instances alive ({@link EngineProbe}).
 * </ul>
 *
 * Before it measures, each engine's output must be the Java reference's, byte for byte (by SHA-256).
 *
 * <pre>
 *   java -jar liop.bench/target/benchmarks.jar engines [--engines java,chicory-interpreter,chicory-compiler,graalwasm,graalwasm-jit,node]
 *       [--guests aggregate,primes] [--warmup 3] [--jit-warmup 25] [--iterations 3] [--iteration-ms 1000] [--cold-runs 3]
 *       [--instances 8] [--dataset runtime/target/sample-data/patients.json] [--graalvm-jit liop.bench/target/graalvm-jit]
 *       [--node node] [--out table.md]
 * </pre>
 */
public final class EngineReport {

    private List<EngineKind> engines = List.of(EngineKind.values());
    private List<EngineWorkload> workloads = List.of(EngineWorkload.values());
    private int warmupIterations = 3;
    private int jitWarmupIterations = 25;
    private int measurementIterations = 3;
    private int iterationMillis = 1000;
    private int coldRuns = 3;
    private int instances = 8;
    private Path dataset;
    private Path graalvmJit;
    private String node = "node";
    private Path out;

    private final PrintStream progress = System.err;
    private Path scratch;
    private Path script;
    private final Map<EngineWorkload, Path> stdinFiles = new HashMap<>();
    private final Map<EngineWorkload, Path> wasmFiles = new HashMap<>();

    public static void main(String[] args) throws Exception {
        EngineReport report = new EngineReport();
        report.parse(args);
        String table = report.run();
        System.out.println(table);
        if (report.out != null) {
            Files.writeString(report.out, table, UTF_8);
        }
        System.exit(0);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--engines" -> engines = Arrays.stream(value.split(",")).map(EngineKind::byId).toList();
                case "--guests" -> workloads = Arrays.stream(value.split(",")).map(EngineWorkload::byGuest).toList();
                case "--warmup" -> warmupIterations = Integer.parseInt(value);
                case "--jit-warmup" -> jitWarmupIterations = Integer.parseInt(value);
                case "--iterations" -> measurementIterations = Integer.parseInt(value);
                case "--iteration-ms" -> iterationMillis = Integer.parseInt(value);
                case "--cold-runs" -> coldRuns = Integer.parseInt(value);
                case "--instances" -> instances = Integer.parseInt(value);
                case "--dataset" -> dataset = Path.of(value).toAbsolutePath();
                case "--graalvm-jit" -> graalvmJit = Path.of(value).toAbsolutePath();
                case "--node" -> node = value;
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: --engines --guests"
                        + " --warmup --jit-warmup --iterations --iteration-ms --cold-runs --instances --dataset --graalvm-jit --node --out)");
            }
            i++;
        }
        if (!engines.contains(EngineKind.JAVA)) {
            List<EngineKind> withJava = new ArrayList<>(List.of(EngineKind.JAVA));
            withJava.addAll(engines);
            engines = withJava; // the ratios need it
        }
        if (dataset == null) {
            dataset = EngineWorkload.dataset();
        }
        System.setProperty(EngineWorkload.DATASET_PROPERTY, dataset.toString());
        if (graalvmJit == null) {
            graalvmJit = jarDirectory().resolve("graalvm-jit");
        }
    }

    /** What one engine measured on one guest; NaN where it did not. */
    private static final class Cell {
        final EngineKind engine;
        final EngineWorkload workload;
        String description = "";
        String failure;
        double engineStartMs = Double.NaN;
        double coldMs = Double.NaN;
        double coldProcessMs = Double.NaN;
        double warmMs = Double.NaN;
        double throughput = Double.NaN;
        double heapKiB = Double.NaN;
        double rssKiB = Double.NaN;

        Cell(EngineKind engine, EngineWorkload workload) {
            this.engine = engine;
            this.workload = workload;
        }
    }

    private String run() throws Exception {
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        prepare();
        Map<EngineWorkload, String> expected = new HashMap<>();
        List<Cell> cells = new ArrayList<>();
        for (EngineWorkload workload : workloads) {
            for (EngineKind engine : engines) {
                Cell cell = new Cell(engine, workload);
                cells.add(cell);
                try {
                    measure(cell, expected);
                } catch (Exception | AssertionError e) {
                    cell.failure = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                    progress.printf(Locale.ROOT, "%-9s %-20s FAILED: %s%n", workload.guest(), engine.id(), cell.failure);
                }
            }
        }
        String loadAfter = loadAverage();
        progress.printf(Locale.ROOT, "measured in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return table(cells, loadBefore, loadAfter);
    }

    private void measure(Cell cell, Map<EngineWorkload, String> expected) throws Exception {
        String guest = cell.workload.guest();
        // cold first, in fresh processes: it also checks the output
        List<Map<String, String>> colds = new ArrayList<>();
        List<Double> processMs = new ArrayList<>();
        for (int i = 0; i < coldRuns; i++) {
            long spawned = System.nanoTime();
            Map<String, String> result = cell.engine.runsInJvm()
                    ? spawn(jvm(cell.engine, false, EngineProbe.class.getName(), "cold", cell.engine.id(), guest))
                    : spawn(nodeCommand("cold", cell.workload));
            processMs.add((System.nanoTime() - spawned) / 1e6);
            colds.add(result);
            String sha = result.get("outputSha256");
            String reference = expected.putIfAbsent(cell.workload, sha);
            if (reference != null && !reference.equals(sha)) {
                throw new IllegalStateException(cell.engine.id() + " printed something else than the Java reference on " + guest);
            }
        }
        cell.description = colds.getFirst().get("description").replace('_', ' ');
        cell.engineStartMs = median(colds.stream().map(r -> Double.parseDouble(r.get("engineStartMs"))).toList());
        cell.coldMs = median(colds.stream().map(r -> Double.parseDouble(r.get("coldMs"))).toList());
        cell.coldProcessMs = median(processMs);
        progress.printf(Locale.ROOT, "%-9s %-20s cold %10.1f ms (process %8.1f ms, engine start %7.1f ms)  %s%n", guest,
                cell.engine.id(), cell.coldMs, cell.coldProcessMs, cell.engineStartMs, cell.description);

        if (cell.engine.runsInJvm()) {
            cell.warmMs = jmh(cell.engine, cell.workload, "latency");
            cell.throughput = jmh(cell.engine, cell.workload, "throughput");
            Map<String, String> memory = spawn(jvm(cell.engine, true, EngineProbe.class.getName(), "memory", cell.engine.id(), guest,
                    Integer.toString(instances)));
            cell.heapKiB = Double.parseDouble(memory.get("heapPerInstanceKiB"));
            cell.rssKiB = Double.parseDouble(memory.get("rssPerInstanceKiB"));
        } else {
            int warmup = warmupIterations(cell.engine);
            Map<String, String> warm = spawn(nodeCommand("warm", cell.workload, Integer.toString(warmup),
                    Integer.toString(measurementIterations), Integer.toString(iterationMillis)));
            cell.warmMs = Double.parseDouble(warm.get("msPerRun"));
            cell.description += String.format(Locale.ROOT, ", warm time includes %.2f ms/exec of forced GC",
                    Double.parseDouble(warm.get("gcMsPerRun")));
            cell.throughput = Double.parseDouble(spawn(nodeCommand("throughput", cell.workload, "2", Integer.toString(warmup),
                    Integer.toString(measurementIterations), Integer.toString(iterationMillis))).get("opsPerSecond"));
            Map<String, String> memory = spawn(nodeCommand("memory", cell.workload, Integer.toString(instances)));
            cell.heapKiB = Double.parseDouble(memory.get("heapPerInstanceKiB"));
            cell.rssKiB = Double.parseDouble(memory.get("rssPerInstanceKiB"));
        }
        progress.printf(Locale.ROOT, "%-9s %-20s warm %10.3f ms  throughput %9.2f /s  memory %9.1f KiB (RSS %9.1f KiB) per instance%n",
                guest, cell.engine.id(), cell.warmMs, cell.throughput, cell.heapKiB, cell.rssKiB);
    }

    /**
     * GraalWasm's optimizing runtime compiles guest code in the background, in several tiers: on two
     * busy cores primes took about 15 one-second iterations to reach its steady time.
     */
    private int warmupIterations(EngineKind engine) {
        return engine == EngineKind.GRAALWASM_JIT ? jitWarmupIterations : warmupIterations;
    }

    private double jmh(EngineKind engine, EngineWorkload workload, String benchmark) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(EngineBenchmark.class.getName() + "." + benchmark + "$")
                .param("engine", engine.id())
                .param("guest", workload.guest())
                .forks(1)
                .warmupIterations(warmupIterations(engine))
                .warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(measurementIterations)
                .measurementTime(TimeValue.milliseconds(iterationMillis))
                .jvm(javaCommand())
                .jvmArgs(jvmArgs(engine, true).toArray(String[]::new))
                .timeout(TimeValue.minutes(10))
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(options).runSingle();
        return result.getPrimaryResult().getScore();
    }

    // --- processes ------------------------------------------------------------------------------

    private void prepare() throws IOException {
        scratch = Files.createTempDirectory("liop-engines-");
        scratch.toFile().deleteOnExit();
        script = scratch.resolve("engines.mjs");
        try (InputStream in = EngineReport.class.getResourceAsStream("engines.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        for (EngineWorkload workload : workloads) {
            Path stdin = scratch.resolve(workload.guest() + ".json");
            Files.write(stdin, workload.stdin());
            stdinFiles.put(workload, stdin);
            Path wasm = scratch.resolve(workload.guest() + ".wasm");
            Files.write(wasm, workload.wasm());
            wasmFiles.put(workload, wasm);
        }
        if (engines.contains(EngineKind.GRAALWASM_JIT) && !Files.isDirectory(graalvmJit.resolve("modules"))) {
            throw new IllegalStateException(graalvmJit + "/modules is missing: the build puts the GraalVM jars for the JIT"
                    + " there (liop.bench/target/graalvm-jit); pass --graalvm-jit <dir> or leave graalwasm-jit out");
        }
    }

    private List<String> nodeCommand(String mode, EngineWorkload workload, String... rest) {
        List<String> command = new ArrayList<>(List.of(node, "--no-warnings", "--expose-gc", script.toString(), mode,
                wasmFiles.get(workload).toString(), stdinFiles.get(workload).toString()));
        command.addAll(List.of(rest));
        return command;
    }

    private List<String> jvm(EngineKind engine, boolean fixedHeap, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(javaCommand()));
        command.addAll(jvmArgs(engine, false));
        if (fixedHeap) {
            command.add("-Xmx1g");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The JVM options of a fork. JMH forks get a fixed heap and compile in the foreground
     * ({@code -Xbatch}: on a busy machine background compilation lags behind the warm-up); cold
     * probes keep the JVM's defaults, as a node would start. GraalWasm's JIT gets JVMCI and the
     * GraalVM jars on the module paths (liop.engine.graalwasm/README.md).
     */
    private List<String> jvmArgs(EngineKind engine, boolean jmh) {
        List<String> args = new ArrayList<>();
        args.add("--sun-misc-unsafe-memory-access=allow");
        args.add("--enable-native-access=ALL-UNNAMED");
        args.add("-D" + EngineWorkload.DATASET_PROPERTY + "=" + dataset);
        if (jmh) {
            args.addAll(List.of("-Xms1g", "-Xmx1g", "-Xbatch"));
        }
        if (engine == EngineKind.GRAALWASM_JIT) {
            args.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                    "--upgrade-module-path=" + graalvmJit.resolve("upgrade"), "--module-path=" + graalvmJit.resolve("modules"),
                    "--add-modules=org.graalvm.polyglot", "--enable-native-access=org.graalvm.truffle"));
        }
        return args;
    }

    /** Runs a probe and returns the key=value pairs of its last line of output. */
    private Map<String, String> spawn(List<String> command) throws IOException, InterruptedException {
        Path log = scratch.resolve("probe.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        List<String> lines = Files.readAllLines(log, UTF_8);
        String last = lines.reversed().stream().filter(l -> l.contains("=") && !l.startsWith("WARNING")).findFirst().orElse("");
        if (process.exitValue() != 0 || last.isEmpty()) {
            String why = lines.stream().filter(l -> !l.startsWith("WARNING") && !l.isBlank() && !l.strip().startsWith("at "))
                    .limit(3).reduce((a, b) -> a + " / " + b).orElse("no output");
            throw new IllegalStateException("exit " + process.exitValue() + ": " + why);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : last.strip().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path jarDirectory() {
        Path classPath = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        return Files.isRegularFile(classPath) ? classPath.getParent() : classPath;
    }

    // --- the table ------------------------------------------------------------------------------

    private String table(List<Cell> cells, String loadBefore, String loadAfter) {
        StringBuilder table = new StringBuilder();
        table.append("| guest | engine | what ran | warm ms/exec | ×Java | cold ms (compile + 1st exec) | ×Java"
                + " | cold process ms | ×Java | exec/s, 2 callers | ×Java | KiB per live instance | ×Java | RSS KiB per instance |\n");
        table.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Cell cell : cells) {
            Cell java = cells.stream().filter(c -> c.workload == cell.workload && c.engine == EngineKind.JAVA).findFirst().orElseThrow();
            if (cell.failure != null) {
                table.append(String.format(Locale.ROOT, "| %s | %s | did not run: %s |%n", cell.workload.guest(), cell.engine.id(),
                        cell.failure.replace('|', '/')));
                continue;
            }
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    cell.workload.guest(), cell.engine.id(), cell.description,
                    number(cell.warmMs), ratio(cell.warmMs, java.warmMs),
                    number(cell.coldMs), ratio(cell.coldMs, java.coldMs),
                    number(cell.coldProcessMs), ratio(cell.coldProcessMs, java.coldProcessMs),
                    number(cell.throughput), ratio(cell.throughput, java.throughput),
                    number(cell.heapKiB), ratio(cell.heapKiB, java.heapKiB), number(cell.rssKiB)));
        }
        table.append(String.format(Locale.ROOT, "%nWarm: JMH, one fork per engine and guest, %d warm-up (GraalWasm JIT: %d) and %d measured"
                + " iterations of %d ms (Node.js: the same loop inside node). Cold: median of %d fresh processes; the first execution of a"
                + " module the engine has never seen, compile included, engine start excluded; 'process' is the whole process from"
                + " spawn to exit. Throughput: 2 callers sharing one compiled module. Memory: retained heap (Node.js: V8 heap +"
                + " external) per instance with %d instances alive after running. Unmetered modules everywhere. Load average"
                + " before %s, after %s.%n", warmupIterations, warmupIterations(EngineKind.GRAALWASM_JIT), measurementIterations, iterationMillis, coldRuns,
                instances, loadBefore, loadAfter));
        table.append(MeteringReport.machine());
        return table.toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ratio(double value, double java) {
        if (Double.isNaN(value) || Double.isNaN(java) || java <= 0) {
            return "–";
        }
        double ratio = value / java;
        if (ratio >= 10) {
            return String.format(Locale.ROOT, "%,.0f", ratio);
        }
        // the interpreters' throughput is a few thousandths of Java's: two significant digits
        return ratio >= 0.1 ? String.format(Locale.ROOT, "%.2f", ratio) : String.format(Locale.ROOT, "%.2g", ratio);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
