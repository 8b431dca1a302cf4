package liop.libp2p.fuzzing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The short fuzzing campaign of the normal build (FUZZING.md): the wire decoders' fuzz targets run
 * under Jazzer, coverage guided, in a JVM of their own started through Jazzer's launcher. They
 * start from their seeds and what earlier runs left in {@code target/fuzz/corpus/}; an input that
 * breaks a target lands in {@code target/fuzz/findings/} and fails this test.
 *
 * <p>By default each target tries a fixed number of inputs ({@link Target#runs}) from a fixed
 * libFuzzer seed, so a clean build (an empty corpus, as in CI) tries the same inputs in the same
 * order on every machine: a campaign that passed in a clean local build passes in CI, and CI never
 * meets a finding at random. A slow machine may stop a target at {@value #CAP_SECONDS} s, on a
 * prefix of the same inputs. {@code -Dliop.fuzz.seconds=N} fuzzes for N seconds per target instead
 * (time-bounded, so different inputs on different machines: for a longer look); {@code
 * -Dliop.fuzz.seconds=0} skips the campaign.
 */
class FuzzCampaignTest {

    /** The most a target of the default campaign may take (it needs some 20 s on a 2-core machine). */
    static final int CAP_SECONDS = 60;
    /** libFuzzer's seed: the same seed and corpus give the same inputs in the same order. */
    static final int SEED = 20260101;

    /** @param runs the inputs the default campaign tries: some 15-20 s on a 2-core machine */
    record Target(String testClass, String method, int runs) {
        String name() {
            return testClass.substring(testClass.lastIndexOf('.') + 1) + "." + method;
        }
    }

    /** All four decoders through one target: a Jazzer JVM takes some 20 s to start (see WireFuzzTest). */
    static final List<Target> TARGETS = List.of(new Target("liop.libp2p.fuzzing.WireFuzzTest", "anyDecoder", 12_000));

    private static final Pattern DONE = Pattern.compile("^#(\\d+)\\s+DONE\\s+cov: (\\d+) ft: (\\d+) corp: (\\S+).*exec/s: (\\d+)", Pattern.MULTILINE);
    private static final Pattern RUNS = Pattern.compile("^Done (\\d+) runs in (\\d+) second", Pattern.MULTILINE);

    @Test
    void everyDecoderSurvivesAShortCampaign() throws Exception {
        Integer chosenSeconds = Integer.getInteger("liop.fuzz.seconds");
        assumeTrue(chosenSeconds == null || chosenSeconds > 0, "liop.fuzz.seconds=0: no fuzzing campaign");
        boolean fixedRuns = chosenSeconds == null;
        int seconds = fixedRuns ? CAP_SECONDS : chosenSeconds;
        assumeTrue(System.getenv("JAZZER_FUZZ") == null, "JAZZER_FUZZ is set: a campaign of your own is running");

        Path work = Path.of("target", "fuzz").toAbsolutePath();
        Files.createDirectories(work);
        Path snapshot = work.resolve("classes-" + ProcessHandle.current().pid());
        String classPath = snapshotOfClassPath(snapshot);
        List<Process> processes = new ArrayList<>();
        for (Target target : TARGETS) {
            processes.add(start(target, seconds, fixedRuns, work, classPath));
        }
        List<String> summary = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120);
        for (int i = 0; i < TARGETS.size(); i++) {
            Target target = TARGETS.get(i);
            Process process = processes.get(i);
            boolean ended = process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            String log = new String(Files.readAllBytes(log(work, target)), StandardCharsets.ISO_8859_1); // libFuzzer prints bytes
            summary.add(target.name() + ": " + stats(log));
            if (!ended) {
                failures.add(target.name() + " did not end within " + (seconds + 120) + " s (a hang?); see " + log(work, target));
            } else if (process.exitValue() != 0) {
                failures.add(target.name() + " failed (exit code " + process.exitValue() + "): " + findings(work, target) + "\n" + tail(log, 60));
            }
        }
        deleteRecursively(snapshot);
        String report = String.join("\n", summary);
        Files.writeString(work.resolve("summary.txt"), report + "\n");
        System.out.println("fuzzing campaign, " + (fixedRuns ? "seed " + SEED + ", fixed runs" : seconds + " s") + " per target:\n" + report);
        assertThat(failures).as("fuzz targets that failed (inputs in target/fuzz/findings; FUZZING.md says how to keep them as regression seeds)").isEmpty();
    }

    private static Process start(Target target, int seconds, boolean fixedRuns, Path work, String classPath) throws IOException {
        Path corpus = work.resolve("corpus").resolve(target.name());
        Path findings = work.resolve("findings").resolve(target.name());
        Files.createDirectories(corpus);
        Files.createDirectories(findings);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+EnableDynamicAgentLoading",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath,
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + target.testClass(),
                "--target_method=" + target.method(),
                "--max_duration=" + seconds + "s",
                "--reproducer_path=" + findings,
                "-seed=" + SEED,
                "-timeout=10",
                "-artifact_prefix=" + findings + File.separator,
                corpus.toString()));
        if (fixedRuns) {
            command.add(command.size() - 1, "-runs=" + target.runs());
        }
        if (Runtime.version().feature() >= 23) {
            command.add(1, "--sun-misc-unsafe-memory-access=allow"); // Jazzer uses sun.misc.Unsafe; JDK 24+ warns
        }
        // Working in target/fuzz keeps Jazzer from writing into the source tree.
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log(work, target).toFile())
                .start();
    }

    private static Path log(Path work, Target target) {
        return work.resolve(target.name() + ".log");
    }

    /**
     * The test classpath as Surefire gives it, with its folders copied (a build recompiling them
     * meanwhile cannot pull classes from under a running campaign) and without Surefire's own jar.
     */
    static String snapshotOfClassPath(Path snapshot) throws IOException {
        String classPath = System.getProperty("java.class.path");
        assertThat(classPath).as("test class path").contains("jazzer");
        deleteRecursively(snapshot);
        List<String> entries = new ArrayList<>();
        int folders = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().startsWith("surefirebooter")) {
                continue;
            } else if (Files.isDirectory(path)) {
                Path copy = snapshot.resolve(String.valueOf(folders++));
                copyRecursively(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /** Executions, coverage and speed, from libFuzzer's last lines. */
    static String stats(String log) {
        Matcher done = DONE.matcher(log);
        Matcher runs = RUNS.matcher(log);
        return done.find() && runs.find()
                ? String.format("%,d executions in %s s (%s exec/s), coverage %s edges, %s features, corpus %s",
                        Long.parseLong(done.group(1)), runs.group(2), done.group(5), done.group(2), done.group(3), done.group(4))
                : "no statistics (the fuzzer did not finish)";
    }

    private static String findings(Path work, Target target) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("findings").resolve(target.name()))) {
            String list = files.map(Path::toString).sorted().collect(Collectors.joining(", "));
            return list.isEmpty() ? "no input saved" : list;
        }
    }

    private static String tail(String log, int lines) {
        List<String> all = log.lines().filter(l -> !l.startsWith("INFO: Instrumented") && !l.startsWith("INFO: Loaded")).toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
