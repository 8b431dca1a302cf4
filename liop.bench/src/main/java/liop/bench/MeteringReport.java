package liop.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Measures what fuel metering costs: runs {@link MeteringBenchmark} for every guest and mode,
 * unmetered and metered, and prints a Markdown table of the times and their ratio.
 *
 * <p>The machines this runs on are noisy (two cores shared with builds), so it compares CPU time
 * ({@link CpuTimeProfiler}) rather than wall-clock time, which also counts the time a run waited
 * for a core, and measures the two sides of a ratio close together: each round runs every
 * combination once, in a JMH fork of its own, unmetered and metered back to back (which goes first
 * alternates between rounds), and the ratio reported is the median of the rounds' ratios, with
 * their range beside it. Before
 * measuring, it checks that the metered guest prints exactly what the original prints and uses the
 * same fuel in both execution modes.
 *
 * <pre>
 *   java -jar liop.bench/target/benchmarks.jar [--rounds 3] [--warmup 3] [--iterations 3]
 *       [--iteration-ms 1000] [--guests aggregate,primes,echo] [--modes compiler,interpreter]
 *       [--out table.md]
 *   java -jar liop.bench/target/benchmarks.jar engines ...      (the engines side by side: {@link EngineReport})
 * </pre>
 */
public final class MeteringReport {

    private int rounds = 3;
    private int warmupIterations = 3;
    private int measurementIterations = 3;
    private int iterationMillis = 1000;
    private List<Workload> workloads = List.of(Workload.values());
    private List<ExecutionMode> modes = List.of(ExecutionMode.COMPILER, ExecutionMode.INTERPRETER);
    private Path out;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("engines")) {
            EngineReport.main(Arrays.copyOfRange(args, 1, args.length)); // java -jar benchmarks.jar engines ...
            return;
        }
        MeteringReport report = new MeteringReport();
        report.parse(args);
        String table = report.run();
        System.out.println(table);
        if (report.out != null) {
            Files.writeString(report.out, table, UTF_8);
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--warmup" -> warmupIterations = Integer.parseInt(value);
                case "--iterations" -> measurementIterations = Integer.parseInt(value);
                case "--iteration-ms" -> iterationMillis = Integer.parseInt(value);
                case "--guests" -> workloads = Arrays.stream(value.split(",")).map(Workload::byGuest).toList();
                case "--modes" -> modes = Arrays.stream(value.split(",")).map(ExecutionMode::parse).toList();
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --rounds --warmup --iterations --iteration-ms --guests --modes --out)");
            }
            i++;
        }
    }

    /** What one guest and mode measured: CPU time per run, and the ratios of CPU and of wall-clock time. */
    private static final class Row {
        final Workload workload;
        final ExecutionMode mode;
        final List<Double> unmetered = new ArrayList<>();
        final List<Double> metered = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        final List<Double> wallRatios = new ArrayList<>();

        Row(Workload workload, ExecutionMode mode) {
            this.workload = workload;
            this.mode = mode;
        }
    }

    /** What metering does to one guest, independent of timing. */
    private record Static(int originalBytes, int meteredBytes, Map<ExecutionMode, Long> fuel) {}

    private String run() throws Exception {
        PrintStream progress = System.err;
        long started = System.nanoTime();
        String loadBefore = EngineReport.loadAverage();
        Map<Workload, Static> statics = new LinkedHashMap<>();
        for (Workload workload : workloads) {
            statics.put(workload, check(workload, progress));
        }
        List<Row> rows = new ArrayList<>();
        for (Workload workload : workloads) {
            for (ExecutionMode mode : modes) {
                rows.add(new Row(workload, mode));
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (Row row : rows) {
                boolean meteredFirst = round % 2 == 0;
                Times first = measure(row, meteredFirst);
                Times second = measure(row, !meteredFirst);
                Times unmetered = meteredFirst ? second : first;
                Times metered = meteredFirst ? first : second;
                row.unmetered.add(unmetered.cpu());
                row.metered.add(metered.cpu());
                row.ratios.add(metered.cpu() / unmetered.cpu());
                row.wallRatios.add(metered.wall() / unmetered.wall());
                progress.printf(Locale.ROOT, "round %d/%d  %-9s %-11s  CPU: unmetered %9.3f ms  metered %9.3f ms  ratio %.3f   wall ratio %.3f%n",
                        round, rounds, row.workload.guest(), row.mode.configValue(), unmetered.cpu(), metered.cpu(),
                        metered.cpu() / unmetered.cpu(), metered.wall() / unmetered.wall());
            }
        }
        progress.printf(Locale.ROOT, "measured in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return table(rows, statics) + "Load average (1, 5, 15 min) before " + loadBefore + ", after " + EngineReport.loadAverage()
                + " (on 2 cores: above 2, the benchmark shared the machine).\n";
    }

    /** Runs the guest metered and not, in both modes: same output, same fuel everywhere. */
    private Static check(Workload workload, PrintStream progress) throws Exception {
        Map<ExecutionMode, Long> fuel = new EnumMap<>(ExecutionMode.class);
        int originalBytes = 0;
        int meteredBytes = 0;
        for (ExecutionMode mode : modes) {
            Subject original = Subject.of(workload, mode, false);
            Subject metered = Subject.of(workload, mode, true);
            liop.api.engine.RunResult expected = original.requireOk(original.module().run(original.sandbox()));
            liop.api.engine.RunResult actual = metered.requireOk(metered.module().run(metered.sandbox()));
            if (!Arrays.equals(expected.stdout(), actual.stdout())) {
                throw new IllegalStateException(metered + " printed something else than the original:\n"
                        + new String(expected.stdout(), UTF_8) + "\n" + new String(actual.stdout(), UTF_8));
            }
            fuel.put(mode, Subject.fuelUsed(actual));
            originalBytes = original.wasm().length;
            meteredBytes = metered.wasm().length;
        }
        if (fuel.values().stream().distinct().count() > 1) {
            throw new IllegalStateException(workload.guest() + " used different fuel in different modes: " + fuel);
        }
        progress.printf(Locale.ROOT, "checked %-9s  %,d -> %,d bytes, fuel %,d (%s)%n", workload.guest(), originalBytes,
                meteredBytes, fuel.values().iterator().next(), workload.description());
        return new Static(originalBytes, meteredBytes, fuel);
    }

    /** Milliseconds per execution: CPU time (all the fork's threads) and wall-clock time. */
    private record Times(double cpu, double wall) {}

    /** Times per execution, from one JMH fork. */
    private Times measure(Row row, boolean metered) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(MeteringBenchmark.class.getName() + ".run")
                .param("guest", row.workload.guest())
                .param("mode", row.mode.configValue())
                .param("metered", Boolean.toString(metered))
                .forks(1)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(measurementIterations)
                .measurementTime(TimeValue.milliseconds(iterationMillis))
                .jvmArgsAppend(forkJvmArgs())
                .addProfiler(CpuTimeProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(options).runSingle();
        Result<?> cpu = result.getSecondaryResults().entrySet().stream()
                .filter(e -> e.getKey().endsWith("cpu"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no CPU time from " + CpuTimeProfiler.class.getName()));
        return new Times(cpu.getScore(), result.getPrimaryResult().getScore());
    }

    /**
     * A fixed heap, so that the collector behaves the same in every fork; and compilation in the
     * foreground ({@code -Xbatch}): on a busy machine the JIT's threads get little CPU, and the
     * measured iterations would otherwise start before the hot code is compiled.
     */
    private static String[] forkJvmArgs() {
        List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-Xbatch"));
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow"); // JMH's own use of Unsafe, not ours
        }
        return args.toArray(String[]::new);
    }

    private String table(List<Row> rows, Map<Workload, Static> statics) {
        StringBuilder table = new StringBuilder();
        table.append("| guest | mode | unmetered ms/run | metered ms/run | metered / unmetered | rounds' ratios | wall-clock ratio | fuel | metered size |\n");
        table.append("|---|---|---:|---:|---:|---|---:|---:|---:|\n");
        for (Row row : rows) {
            Static s = statics.get(row.workload);
            table.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | **%.3f** | %.3f–%.3f | %.3f | %,d | %.2fx |%n",
                    row.workload.guest(), row.mode.configValue(), median(row.unmetered), median(row.metered),
                    median(row.ratios), min(row.ratios), max(row.ratios), median(row.wallRatios), s.fuel().get(row.mode),
                    (double) s.meteredBytes() / s.originalBytes()));
        }
        table.append(String.format(Locale.ROOT, "%nTimes are CPU time per run (all threads of the benchmark's JVM), medians of %d rounds;"
                + " each round runs every cell in a JMH fork of its own, unmetered and metered back to back,"
                + " %d warm-up and %d measured iterations of %d ms. The ratio is the median of the rounds' ratios."
                + " Wall-clock ratio: the same from wall-clock time, which also counts waiting for a core.%n",
                rounds, warmupIterations, measurementIterations, iterationMillis));
        table.append(machine());
        return table.toString();
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it unknown
        }
        return String.format(Locale.ROOT, "Machine: %s, %d cores, %s %s, %s %s, Chicory %s.%n", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), chicoryVersion());
    }

    private static String chicoryVersion() {
        return new ChicoryEngine(ChicoryEngine.DEFAULT_NAME, ExecutionMode.COMPILER, 1).info().version();
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
