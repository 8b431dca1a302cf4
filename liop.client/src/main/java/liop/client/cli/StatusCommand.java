package liop.client.cli;

import static liop.client.cli.CliContract.EXIT_NODE_FAILED;
import static liop.client.cli.CliContract.EXIT_OK;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import liop.api.engine.EngineInfo;
import liop.api.node.AgentIdentity;
import liop.api.node.DatasetDescription;
import liop.api.node.NodeDescription;
import liop.client.ready.NodeLease;
import liop.client.ready.NodeNotReadyException;

/**
 * What a node offers, printed once it has taken in its configuration: engines, datasets, grants and
 * the sample modules, with a command to try. The launcher prints it when a node comes up.
 */
public final class StatusCommand {

    private static final String INDENT = " ".repeat(10);

    /** Where agents reach the node: a transport's name, the node's identity on it, full addresses. */
    public record Endpoint(String transport, String identity, List<String> addresses) {}

    private final ExecCommand.NodeSource nodes;
    private final SampleModules samples;
    private final java.util.function.Supplier<List<Endpoint>> endpoints;

    public StatusCommand(ExecCommand.NodeSource nodes, SampleModules samples) {
        this(nodes, samples, List::of);
    }

    /** @param endpoints the transports listening, read once the node is ready */
    public StatusCommand(ExecCommand.NodeSource nodes, SampleModules samples, java.util.function.Supplier<List<Endpoint>> endpoints) {
        this.nodes = nodes;
        this.samples = samples;
        this.endpoints = endpoints;
    }

    public int run(PrintStream out, PrintStream err) {
        NodeDescription description;
        try (NodeLease node = nodes.await()) {
            description = node.node().describe(AgentIdentity.localOperator());
        } catch (NodeNotReadyException e) {
            err.println("liop: " + e.getMessage());
            return EXIT_NODE_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_NODE_FAILED;
        }
        out.print(format(description, samples.names(), endpoints.get()));
        out.flush();
        return EXIT_OK;
    }

    static String format(NodeDescription description, List<String> samples) {
        return format(description, samples, List.of());
    }

    static String format(NodeDescription description, List<String> samples, List<Endpoint> endpoints) {
        StringBuilder text = new StringBuilder();
        for (Endpoint endpoint : endpoints) {
            List<String> lines = new ArrayList<>();
            lines.add(endpoint.identity());
            lines.addAll(endpoint.addresses());
            section(text, endpoint.transport(), lines);
        }
        section(text, "engines", description.engines().isEmpty()
                ? List.of("none: requests fail until an engine bundle is dropped into deploy/")
                : engines(description.engines()));
        section(text, "datasets", description.datasets().isEmpty()
                ? List.of("none: add etc/liop.dataset-NAME.cfg (fileinstall's name for factory configuration liop.dataset~NAME) with name and path")
                : description.datasets().stream().map(StatusCommand::dataset).toList());
        section(text, "grants", description.grants().isEmpty()
                ? List.of("nothing: list capabilities in etc/liop.manifest.cfg")
                : description.grants());
        if (!samples.isEmpty()) {
            section(text, "samples", List.of(String.join(", ", samples)));
            List<String> tries = new ArrayList<>(suggestions(description, samples));
            endpoints.stream().filter(e -> !e.addresses().isEmpty()).findFirst().ifPresent(e ->
                    tries.add(tries.size() - 1, "bin/liop exec --node " + e.addresses().get(0) + " " + (samples.contains("hello") ? "hello" : samples.get(0))));
            section(text, "try", tries);
        }
        return text.toString();
    }

    /**
     * Commands a newcomer can paste (from the repository or the installation folder): the sample guests this node can run as it is configured. They
     * know what the samples of guests/ read (aggregate: condition and age; logsearch: a folder).
     */
    static List<String> suggestions(NodeDescription description, List<String> samples) {
        List<String> commands = new ArrayList<>();
        if (samples.contains("hello")) {
            commands.add("bin/liop exec hello");
        }
        if (samples.contains("aggregate")) {
            description.datasets().stream()
                    .filter(d -> d.fields().containsAll(List.of("condition", "age")))
                    .findFirst()
                    .ifPresent(d -> commands.add("bin/liop exec aggregate --dataset " + d.name() + " --fields condition,age"));
        }
        if (samples.contains("logsearch")) {
            description.grants().stream()
                    .filter(g -> g.startsWith("fs.read:"))
                    .map(g -> g.substring("fs.read:".length()))
                    .findFirst()
                    .ifPresent(dir -> commands.add("bin/liop exec logsearch --params '{\"dir\":\"" + dir + "\",\"pattern\":\"ERROR\"}' --cap fs.read:" + dir));
        }
        if (commands.isEmpty()) {
            commands.add("bin/liop exec " + samples.get(0));
        }
        commands.add("bin/liop exec --help");
        return commands;
    }

    private static List<String> engines(List<EngineInfo> engines) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            // NodeDescription lists the serving engine first.
            lines.add(engines.get(i) + (i == 0 ? "  <- serving" : ""));
        }
        return lines;
    }

    private static String dataset(DatasetDescription dataset) {
        String line = String.format(Locale.ROOT, "%s: %,d records, fields %s", dataset.name(), dataset.recordCount(), String.join(", ", dataset.fields()));
        return dataset.description().isBlank() ? line : line + "\n" + INDENT + "  " + dataset.description();
    }

    private static void section(StringBuilder text, String label, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            text.append(i == 0 ? String.format(Locale.ROOT, "%-10s", label) : INDENT).append(lines.get(i)).append('\n');
        }
    }
}
