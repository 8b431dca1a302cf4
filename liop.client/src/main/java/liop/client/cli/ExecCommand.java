package liop.client.cli;

import static liop.client.cli.CliContract.EXIT_NODE_FAILED;
import static liop.client.cli.CliContract.EXIT_NOT_OK;
import static liop.client.cli.CliContract.EXIT_OK;
import static liop.client.cli.CliContract.EXIT_USAGE;

import java.io.PrintStream;
import java.util.List;
import liop.api.engine.ExecutionStatus;
import liop.api.node.AgentIdentity;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.client.ready.NodeLease;
import liop.client.ready.NodeNotReadyException;
import liop.client.wat.WatException;

/**
 * {@code liop exec}: reads a module, hands it to the node as the local operator and prints how it
 * ended. Exit codes are those of {@link CliContract}.
 */
public final class ExecCommand {

    /** Where the command gets its node: in the runtime, a wait for start-up to settle. */
    @FunctionalInterface
    public interface NodeSource {
        NodeLease await() throws NodeNotReadyException, InterruptedException;
    }

    private final NodeSource nodes;
    private final SampleModules samples;

    /**
     * @param nodes gives the node once it is ready
     * @param samples where bare module names are looked up
     */
    public ExecCommand(NodeSource nodes, SampleModules samples) {
        this.nodes = nodes;
        this.samples = samples;
    }

    public int run(List<String> args, PrintStream out, PrintStream err) {
        ExecOptions options;
        try {
            options = ExecOptions.parse(args);
        } catch (UsageException e) {
            return usageError(e, err);
        }
        if (options.help()) {
            out.print(ExecOptions.USAGE);
            return EXIT_OK;
        }
        ModuleFile module;
        try {
            // Compiling .wat text takes a moment; the node keeps starting meanwhile.
            module = ModuleFile.read(ModuleFile.find(options.module(), samples));
        } catch (UsageException e) {
            return usageError(e, err);
        } catch (WatException e) {
            // Text that does not compile is refused like any malformed module, so that scripts
            // reading --json see the same shape of answer.
            return print(LogicResult.refused(ExecutionStatus.INVALID, e.getMessage(), ""), options.json(), out, err);
        }

        LogicRequest request = new LogicRequest(module.bytes(), "", options.paramsJson(), options.capabilities(), options.engine());
        try (NodeLease node = nodes.await()) {
            return print(node.node().execute(request, AgentIdentity.localOperator()), options.json(), out, err);
        } catch (NodeNotReadyException e) {
            err.println("liop exec: " + e.getMessage());
            return EXIT_NODE_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("liop exec: interrupted while the node was starting");
            return EXIT_NODE_FAILED;
        }
    }

    private static int print(LogicResult result, boolean json, PrintStream out, PrintStream err) {
        // The module's stderr is for the operator, never part of the result: it goes to stderr.
        ResultFormat.diagnostics(result, err);
        out.println(json ? ResultFormat.json(result) : ResultFormat.human(result));
        out.flush();
        return result.ok() ? EXIT_OK : EXIT_NOT_OK;
    }

    private static int usageError(UsageException e, PrintStream err) {
        err.println("liop exec: " + e.getMessage());
        err.println();
        err.print(ExecOptions.USAGE);
        return EXIT_USAGE;
    }
}
