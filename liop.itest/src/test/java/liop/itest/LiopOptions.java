package liop.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options for a Felix framework provisioned like the runtime: the distribution's bundles
 * and framework properties, fileinstall watching a fresh {@code etc/} folder of the test's own.
 */
final class LiopOptions {

    private LiopOptions() {}

    /** The whole runtime, but the interactive shell. */
    static Option[] node(String testName) {
        return node(testName, name -> false);
    }

    /** The runtime without the bundles {@code skip} matches (e.g. an engine a test drops in later). */
    static Option[] node(String testName, Predicate<String> skip) {
        Path work = workDir(testName);
        List<Option> options = new ArrayList<>();
        for (Map.Entry<String, String> p : Distribution.frameworkProperties().entrySet()) {
            // Folders are the test's own; everything else is as the runtime has it.
            if (!p.getKey().equals("felix.fileinstall.dir") && !p.getKey().startsWith("org.osgi.framework.storage")
                    && !p.getKey().startsWith("gosh.")) {
                options.add(frameworkProperty(p.getKey()).value(p.getValue()));
            }
        }
        // As in the runtime: etc/ for configurations, deploy/ for bundles, both of the test's own.
        options.add(frameworkProperty("felix.fileinstall.dir").value(work.resolve("etc") + "," + work.resolve("deploy")));
        options.add(systemProperty("liop.itest.dir").value(work.toString()));
        options.add(frameworkProperty("liop.etc").value(work.resolve("etc").toString()));
        options.add(systemProperty("liop.dist").value(Distribution.home().toString()));
        // The shell would wait for a console that a test does not have.
        Predicate<String> skipped = skip.or(name -> name.equals("org.apache.felix.gogo.shell"));
        for (Path jar : Distribution.bundles(skipped).values()) {
            options.add(bundle(jar.toUri().toString()));
        }
        options.add(junitBundles());
        options.add(cleanCaches());
        return options.toArray(Option[]::new);
    }

    /** The test's own folder, holding its etc/ and deploy/. */
    static Path work() {
        return Path.of(System.getProperty("liop.itest.dir"));
    }

    private static Path workDir(String testName) {
        Path base = Path.of(System.getProperty("liop.itest.work", "target/itest-work")).toAbsolutePath();
        try {
            Path work = base.resolve(testName);
            if (Files.exists(work)) {
                try (var files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(work.resolve("etc"));
            Files.createDirectories(work.resolve("deploy"));
            return work;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + base, e);
        }
    }
}
