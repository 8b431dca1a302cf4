package liop.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * The node in the foreground: starts the framework, prints what runs once the node has taken in
 * its configuration, then hands the terminal to the gogo shell (or, without a terminal, runs until
 * stopped).
 */
final class NodeMode {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private NodeMode() {}

    static int run(Installation installation, boolean interactive, PrintStream out) throws IOException, BundleException, InterruptedException {
        installation.prepareBase().forEach(line -> System.err.println("liop: " + line));
        EmbeddedFramework framework = EmbeddedFramework.start(FrameworkProperties.forNode(installation, interactive));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(framework), "liop-shutdown"));

        // The shell starts last: its prompt would otherwise land in the middle of the summary.
        // deploy/ is fileinstall's: it installs what is there and what is dropped in later.
        framework.installAndStart(installation.bundleJars(false), NodeMode::isShell);
        framework.problems().forEach(problem -> System.err.println("liop: " + problem));
        int reported = framework.problems().size();

        printSummary(installation, framework, interactive, out);

        framework.startHeldBack(NodeMode::isShell);
        framework.problems().stream().skip(reported).forEach(problem -> System.err.println("liop: " + problem));
        framework.awaitStop();
        return ExitCode.OK;
    }

    /** What runs, once the node has taken in its configuration (the status command waits for that). */
    private static void printSummary(Installation installation, EmbeddedFramework framework, boolean interactive, PrintStream out) throws InterruptedException {
        Versions versions = Versions.ofThisBuild();
        out.printf(Locale.ROOT, "LIOP %s node on Apache Felix %s, Java %s%n", versions.liop(), versions.felix(), Runtime.version().feature());
        out.printf(Locale.ROOT, "%-10s%s%n", "home", installation.home());
        if (!installation.base().equals(installation.home())) {
            out.printf(Locale.ROOT, "%-10s%s%n", "base", installation.base());
        }
        out.print(BundleSummary.of(framework.bundles(), NodeMode::isShell));
        Optional<EmbeddedFramework.Command> status = framework.command("status", COMMAND_TIMEOUT);
        if (status.isPresent()) {
            status.get().run(new String[0], out);
        } else {
            out.println("(no node summary: the liop.client bundle is not active)");
        }
        out.printf(Locale.ROOT, "%-10s%.1f s after the JVM started; etc/ and deploy/ are watched for changes%n", "up", secondsSinceJvmStart());
        out.println(interactive ? "shell     gogo: liop:engines, liop:swap NAME, liop:datasets, liop:grants, lb, help; Ctrl-D (or exit 0) stops the node"
                : "running   until stopped (Ctrl-C or kill " + ProcessHandle.current().pid() + ")");
        out.flush();
    }

    private static boolean isShell(Bundle bundle) {
        return EmbeddedFramework.SHELL.equals(bundle.getSymbolicName());
    }

    /** The JVM's own uptime (the process start time the OS reports is only roughly right). */
    private static double secondsSinceJvmStart() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }

    private static void stopQuietly(EmbeddedFramework framework) {
        try {
            framework.close();
        } catch (BundleException | InterruptedException | RuntimeException e) {
            System.err.println("liop: stopping the framework failed: " + e);
        }
    }
}
