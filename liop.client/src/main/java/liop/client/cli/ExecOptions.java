package liop.client.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import liop.api.node.Capability;

/**
 * The command line of {@code liop exec}, parsed and checked.
 *
 * @param module the module argument as given: a path, or the name of a sample module
 * @param paramsJson the JSON value handed to the module as {@code params}, or {@code null}
 * @param capabilities the capabilities requested, in canonical text form
 * @param engine the engine to run on, or empty for the one the node serves with
 * @param json whether to print one JSON object instead of the human form
 * @param help whether the user asked for the usage
 * @param node the full multiaddr of a remote node to run on over libp2p, or {@code null} for the embedded node
 */
public record ExecOptions(String module, String paramsJson, List<String> capabilities, String engine, boolean json, boolean help, String node) {

    public static final String USAGE = """
            usage: liop exec MODULE [--params JSON] [--dataset NAME --fields a,b] [--cap CAP]...
                                    [--engine NAME] [--json] [--node MULTIADDR]

            Runs MODULE through the whole pipeline of an embedded node that has this installation's
            bundles and etc/ configuration, as the local operator, and prints how it ended. With
            --node, runs it on that remote node over libp2p instead, as this installation's identity
            (liop id), and prints the same.

              MODULE             a .wasm module, or WebAssembly text (.wat) compiled on the fly;
                                 a bare name also finds the samples in $LIOP_HOME/guests (e.g. hello)
              --params JSON      the JSON value the module receives as "params"
              --dataset NAME     give the module records of dataset NAME, projected to --fields;
              --fields a,b       together they request the capability dataset:NAME{a,b}
              --cap CAP          request a capability: fs.read:/abs/dir, dataset:NAME{a,b}, stream:NAME,
                                 clock or random (repeatable); the manifest in etc/ must grant it
              --engine NAME      run on this engine instead of the serving one (see liop:engines)
              --json             print exactly one JSON object: status, output, error, engine,
                                 module_sha256, fuel_used, elapsed_ms, peak_memory_bytes
              --node MULTIADDR   the remote node, its full address as it prints it at start:
                                 /ip4/HOST/tcp/PORT/p2p/PEERID (the node must prove that PeerId);
                                 the module's SHA-256 goes first, its bytes only if the node lacks it
              -h, --help         print this help

            Exit status: 0 the module ran ok, 1 it ended otherwise (trap, denied, invalid, ...),
            2 the command line is wrong, 3 the node could not start (or, with --node, be reached).
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ExecOptions {
        capabilities = List.copyOf(capabilities);
        engine = engine == null ? "" : engine;
    }

    /** Options for the embedded node. */
    public ExecOptions(String module, String paramsJson, List<String> capabilities, String engine, boolean json, boolean help) {
        this(module, paramsJson, capabilities, engine, json, help, null);
    }

    /**
     * Parses the arguments that follow {@code exec}.
     *
     * @throws UsageException naming the first problem found
     */
    public static ExecOptions parse(List<String> args) throws UsageException {
        String module = null;
        String params = null;
        String dataset = null;
        String fields = null;
        String engine = "";
        boolean json = false;
        String node = null;
        List<String> capabilities = new ArrayList<>();

        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String arg = it.next();
            String option = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                option = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            switch (option) {
                case "-h", "--help" -> {
                    return new ExecOptions(null, null, List.of(), "", false, true);
                }
                case "--json" -> json = true;
                case "--params" -> params = requireJson(value(option, inlineValue, it));
                case "--dataset" -> dataset = once(option, dataset, value(option, inlineValue, it));
                case "--fields" -> fields = once(option, fields, value(option, inlineValue, it));
                case "--cap" -> capabilities.add(requireCapability(value(option, inlineValue, it)));
                case "--engine" -> engine = value(option, inlineValue, it);
                case "--node" -> node = requireNodeAddress(once(option, node, value(option, inlineValue, it)));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (module != null) {
                        throw new UsageException("one module at a time: got '" + module + "' and '" + arg + "'");
                    }
                    module = arg;
                }
            }
        }
        if (module == null) {
            throw new UsageException("which module? give a .wasm or .wat file, e.g. liop exec hello");
        }
        if (dataset != null || fields != null) {
            capabilities.add(datasetCapability(dataset, fields));
        }
        return new ExecOptions(module, params, capabilities, engine, json, false, node);
    }

    /** A node is named by its full multiaddr; the PeerId in it is what the handshake checks. */
    private static String requireNodeAddress(String text) throws UsageException {
        String address = text.strip();
        if (!address.startsWith("/") || !address.contains("/p2p/")) {
            throw new UsageException("--node needs the node's full multiaddr, /ip4/HOST/tcp/PORT/p2p/PEERID, as the node prints it at start; got '" + text + "'");
        }
        return address;
    }

    private static String value(String option, String inlineValue, Iterator<String> it) throws UsageException {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (!it.hasNext()) {
            throw new UsageException(option + " needs a value");
        }
        return it.next();
    }

    private static String once(String option, String previous, String value) throws UsageException {
        if (previous != null) {
            throw new UsageException(option + " given twice; request further datasets with --cap dataset:NAME{a,b}");
        }
        return value;
    }

    private static String requireJson(String text) throws UsageException {
        try {
            JSON.readTree(text);
            return text;
        } catch (JacksonException e) {
            throw new UsageException("--params is not valid JSON (" + e.getOriginalMessage() + "): " + text);
        }
    }

    private static String requireCapability(String text) throws UsageException {
        try {
            return Capability.parse(text).text();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String datasetCapability(String dataset, String fields) throws UsageException {
        if (dataset == null) {
            throw new UsageException("--fields belongs to a dataset: add --dataset NAME");
        }
        if (fields == null) {
            throw new UsageException("--dataset " + dataset + " needs --fields: name the fields the module reads, e.g. --fields age,condition");
        }
        return requireCapability("dataset:" + dataset + "{" + fields + "}");
    }
}
