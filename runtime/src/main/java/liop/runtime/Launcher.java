package liop.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleException;

/**
 * The {@code liop} command: starts Felix with the distribution's bundles, either as a node in the
 * foreground or, for {@code liop exec}, as an embedded node that runs one module. A plain Java
 * program on the Felix jar alone: everything LIOP does lives in bundles (see
 * {@link EmbeddedFramework} for how it talks to them).
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    static int run(List<String> args, PrintStream out) {
        LaunchCommand command;
        try {
            command = LaunchCommand.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("liop: " + e.getMessage());
            System.err.println();
            System.err.print(LaunchCommand.USAGE);
            return ExitCode.USAGE;
        }
        try {
            return switch (command.kind()) {
                case HELP -> {
                    out.print(LaunchCommand.USAGE);
                    yield ExitCode.OK;
                }
                case VERSION -> {
                    out.println(Versions.ofThisBuild().describe());
                    yield ExitCode.OK;
                }
                case ID -> {
                    Installation installation = installation();
                    Logging.configure(installation.loggingProperties(), !verbose());
                    yield ExecMode.run(installation, "id", command.arguments(), out);
                }
                case NODE -> {
                    Installation installation = installation();
                    Logging.configure(installation.loggingProperties(), false);
                    yield NodeMode.run(installation, Terminal.isInteractive(), out);
                }
                case EXEC -> {
                    Installation installation = installation();
                    Logging.configure(installation.loggingProperties(), !verbose());
                    yield ExecMode.run(installation, command.arguments(), out);
                }
            };
        } catch (IOException | UncheckedIOException | BundleException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("liop: the node could not start: " + e.getMessage());
            return ExitCode.NODE_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.NODE_FAILED;
        }
    }

    private static Installation installation() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, System.getProperty(k)));
        return Installation.locate(properties, System.getenv());
    }

    private static boolean verbose() {
        String verbose = System.getenv("LIOP_VERBOSE");
        return verbose != null && !verbose.isBlank() && !verbose.equals("0");
    }
}
