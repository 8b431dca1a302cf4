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
import liop.api.engine.RunResult;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
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
 * <p>The machines this runs on are noisy (two cores shared with builds), so the two sides of a
 * ratio are measured close together in time: each round runs every combination once, in a JMH fork
 * of its own, unmetered and metered back to back (which goes first alternates between rounds), and
 * the ratio reported is the median of the rounds' ratios, with their range beside it. Before
 * measuring, it checks that the metered guest prints exactly what the original prints and uses the
 * same fuel in both execution modes.
 *
 * <pre>
 *   java -jar liop.bench/target/benchmarks.jar [--rounds 4] [--warmup 4] [--iterations 4]
 *       [--iteration-ms 1000] [--guests aggregate,primes,echo] [--modes compiler,interpreter]
 *       [--out table.md]
 * </pre>
 */
public final class MeteringReport {

    private int rounds = 4;
    private int warmupIterations = 4;
    private int measurementIterations = 4;
    private int iterationMillis = 1000;
    private List<Workload> workloads = List.of(Workload.values());
    private List<ExecutionMode> modes = List.of(ExecutionMode.COMPILER, ExecutionMode.INTERPRETER);
    private Path out;

    public static void main(String[] args) throws Exception {
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

    /** What one guest and mode measured. */
    private static final class Row {
        final Workload workload;
        final ExecutionMode mode;
        final List<Double> unmetered = new ArrayList<>();
        final List<Double> metered = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();

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
                double first = measure(row, meteredFirst);
                double second = measure(row, !meteredFirst);
                double unmetered = meteredFirst ? second : first;
                double metered = meteredFirst ? first : second;
                row.unmetered.add(unmetered);
                row.metered.add(metered);
                row.ratios.add(metered / unmetered);
                progress.printf(Locale.ROOT, "round %d/%d  %-9s %-11s  unmetered %9.3f ms  metered %9.3f ms  ratio %.3f%n",
                        round, rounds, row.workload.guest(), row.mode.configValue(), unmetered, metered, metered / unmetered);
            }
        }
        progress.printf(Locale.ROOT, "measured in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return table(rows, statics);
    }

    /** Runs the guest metered and not, in both modes: same output, same fuel everywhere. */
    private Static check(Workload workload, PrintStream progress) throws Exception {
        Map<ExecutionMode, Long> fuel = new EnumMap<>(ExecutionMode.class);
        int originalBytes = 0;
        int meteredBytes = 0;
        for (ExecutionMode mode : modes) {
            Subject original = Subject.of(workload, mode, false);
            Subject metered = Subject.of(workload, mode, true);
            RunResult expected = original.requireOk(original.module().run(original.sandbox()));
            RunResult actual = metered.requireOk(metered.module().run(metered.sandbox()));
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

    /** Milliseconds per execution, from one JMH fork. */
    private double measure(Row row, boolean metered) throws RunnerException {
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
                .verbosity(VerboseMode.SILENT)
                .build();
        return new Runner(options).runSingle().getPrimaryResult().getScore();
    }

    /** A fixed heap, so that the collector behaves the same in every fork. */
    private static String[] forkJvmArgs() {
        List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow"); // JMH's own use of Unsafe, not ours
        }
        return args.toArray(String[]::new);
    }

    private String table(List<Row> rows, Map<Workload, Static> statics) {
        StringBuilder table = new StringBuilder();
        table.append("| guest | mode | unmetered ms/run | metered ms/run | metered / unmetered | rounds' ratios | fuel | metered size |\n");
        table.append("|---|---|---:|---:|---:|---|---:|---:|\n");
        for (Row row : rows) {
            Static s = statics.get(row.workload);
            table.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | **%.3f** | %.3f–%.3f | %,d | %.2fx |%n",
                    row.workload.guest(), row.mode.configValue(), median(row.unmetered), median(row.metered),
                    median(row.ratios), min(row.ratios), max(row.ratios), s.fuel().get(row.mode),
                    (double) s.meteredBytes() / s.originalBytes()));
        }
        table.append(String.format(Locale.ROOT, "%nMedians of %d rounds; each round one JMH fork per cell, %d warm-up and %d measured iterations of %d ms.%n",
                rounds, warmupIterations, measurementIterations, iterationMillis));
        table.append(machine());
        return table.toString();
    }

    private static String machine() {
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
