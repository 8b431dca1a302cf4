package liop.client.cli;

import static liop.client.cli.CliContract.EXIT_NODE_FAILED;
import static liop.client.cli.CliContract.EXIT_NOT_OK;
import static liop.client.cli.CliContract.EXIT_OK;
import static liop.client.cli.CliContract.EXIT_USAGE;

import java.io.IOException;
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

    /** Runs a request on a remote node: {@code liop exec --node MULTIADDR}. */
    @FunctionalInterface
    public interface RemoteNodes {
        /**
         * @throws IOException when the node cannot be reached or does not prove the PeerId of {@code address}
         * @throws IllegalArgumentException when {@code address} is not a multiaddr this client can dial
         */
        LogicResult execute(String address, LogicRequest request) throws IOException;
    }

    private final NodeSource nodes;
    private final SampleModules samples;
    private final RemoteNodes remote;

    /**
     * @param nodes gives the node once it is ready
     * @param samples where bare module names are looked up
     */
    public ExecCommand(NodeSource nodes, SampleModules samples) {
        this(nodes, samples, (address, request) -> {
            throw new IOException("this liop exec cannot reach remote nodes");
        });
    }

    /**
     * @param remote runs requests on remote nodes ({@code --node})
     */
    public ExecCommand(NodeSource nodes, SampleModules samples, RemoteNodes remote) {
        this.nodes = nodes;
        this.samples = samples;
        this.remote = remote;
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
        if (options.node() != null) {
            return runRemotely(options, request, out, err);
        }
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

    private int runRemotely(ExecOptions options, LogicRequest request, PrintStream out, PrintStream err) {
        try {
            return print(remote.execute(options.node(), request), options.json(), out, err);
        } catch (IOException e) {
            err.println("liop exec: node " + options.node() + " unreachable: " + e.getMessage());
            return EXIT_NODE_FAILED;
        } catch (IllegalArgumentException e) {
            err.println("liop exec: --node " + options.node() + ": " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            // gRPC's StatusRuntimeException: the call itself failed (connection lost, pipeline down, deadline)
            err.println("liop exec: the call to node " + options.node() + " failed: " + e.getMessage());
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
