package liop.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * {@code liop exec}: an embedded node (the same bundles and etc/ as the foreground node, its own
 * temporary storage) that runs one module through the exec command of the liop.client bundle.
 *
 * <p>Standard output belongs to the result alone: while the framework runs, System.out points at
 * stderr, and only the command receives the real stdout.
 */
final class ExecMode {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private ExecMode() {}

    static int run(Installation installation, List<String> arguments, PrintStream stdout) throws IOException, BundleException, InterruptedException {
        return run(installation, "exec", arguments, stdout);
    }

    /**
     * Runs the client bundle's command {@code name} ({@code exec}, {@code id}) on an embedded node.
     */
    static int run(Installation installation, String name, List<String> arguments, PrintStream stdout) throws IOException, BundleException, InterruptedException {
        installation.prepareBase().forEach(line -> System.err.println("liop: " + line));
        Path storage = Files.createTempDirectory("liop-exec-");
        System.setOut(System.err);
        try (EmbeddedFramework framework = EmbeddedFramework.start(FrameworkProperties.forExec(installation, storage))) {
            // No shell: nobody types into it, and it would print to the console.
            // Nor listeners: the embedded node serves this one command, and must not take the ports of
            // a foreground node (the libp2p transport stays installed but stopped).
            framework.installAndStart(installation.bundleJars(true), ExecMode::isHeldBack);
            framework.problems().forEach(problem -> System.err.println("liop: " + problem));
            Optional<EmbeddedFramework.Command> exec = framework.command(name, COMMAND_TIMEOUT);
            if (exec.isEmpty()) {
                System.err.println("liop " + name + ": no " + name + " command after " + COMMAND_TIMEOUT.toSeconds() + " s: the liop.client bundle provides it; is it in "
                        + installation.bundles() + " and active?");
                System.err.print(BundleSummary.of(framework.bundles(), ExecMode::isShell));
                return ExitCode.NODE_FAILED;
            }
            return exec.get().run(arguments.toArray(String[]::new), stdout);
        } finally {
            System.setOut(stdout);
            deleteQuietly(storage);
        }
    }

    static final String LIBP2P_TRANSPORT = "liop.transport.libp2p";

    private static boolean isHeldBack(Bundle bundle) {
        return isShell(bundle) || LIBP2P_TRANSPORT.equals(bundle.getSymbolicName());
    }

    private static boolean isShell(Bundle bundle) {
        return EmbeddedFramework.SHELL.equals(bundle.getSymbolicName());
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover folder in the temporary directory must not change the exit code.
        }
    }
}
