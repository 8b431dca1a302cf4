package liop.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import liop.client.ready.NodeLease;
import liop.client.sdk.LiopClient;
import liop.client.sdk.TestNode;
import liop.libp2p.crypto.NodeKeyFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code liop exec --node} and {@code liop id} through their Java entry points, against a real node
 * over libp2p; the local form runs on the same node's pipeline, so the two outputs can be compared.
 */
class RemoteExecTest {

    private static TestNode node;

    @TempDir
    Path base;

    @BeforeAll
    static void startNode() throws IOException {
        node = new TestNode();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private ExecCommand command() {
        Path key = NodeKeyFile.defaultLocation(base);
        ExecCommand.RemoteNodes remote = (address, request) -> {
            try (LiopClient client = LiopClient.connect(address, key)) {
                return client.execute(request);
            }
        };
        ExecCommand.NodeSource local = () -> new NodeLease() {
            @Override
            public liop.api.node.DataNode node() {
                return node.dataNode();
            }

            @Override
            public void close() {}
        };
        return new ExecCommand(local, SampleModules.none(), remote);
    }

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path module(String name) throws IOException {
        return Files.write(base.resolve(name + ".wasm"), TestNode.guest(name));
    }

    /** The human form without its one line that differs between any two runs. */
    private static String withoutTime(String text) {
        return text.lines().filter(l -> !l.startsWith("time")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void remoteExecPrintsWhatTheLocalFormPrints() throws Exception {
        String hello = module("hello").toString();

        Run local = run(hello);
        Run remote = run("--node", node.address(), hello);

        assertThat(remote.exit()).as(remote.err()).isEqualTo(CliContract.EXIT_OK);
        assertThat(local.exit()).isEqualTo(CliContract.EXIT_OK);
        assertThat(remote.out()).contains("status  ok").contains("\"hello\": \"world\"");
        assertThat(withoutTime(remote.out())).isEqualTo(withoutTime(local.out()));
    }

    @Test
    void remoteExecWithParamsAndJson() throws Exception {
        Run remote = run(module("echo").toString(), "--params", "{\"n\":42}", "--json", "--node=" + node.address());

        assertThat(remote.exit()).as(remote.err()).isEqualTo(CliContract.EXIT_OK);
        assertThat(remote.out()).startsWith("{\"status\":\"ok\"").contains("42");
    }

    @Test
    void anUnreachableNodeExitsWithNodeFailed() throws Exception {
        Run remote = run("--node", "/ip4/127.0.0.1/tcp/1/p2p/" + node.peerId(), module("hello").toString());

        assertThat(remote.exit()).isEqualTo(CliContract.EXIT_NODE_FAILED);
        assertThat(remote.err()).contains("liop exec: node /ip4/127.0.0.1/tcp/1/p2p/").contains("unreachable");
        assertThat(remote.out()).isEmpty();
    }

    @Test
    void aNodeAddressWithoutPeerIdIsAUsageError() throws Exception {
        Run remote = run("--node", "/ip4/127.0.0.1/tcp/4001", module("hello").toString());

        assertThat(remote.exit()).isEqualTo(CliContract.EXIT_USAGE);
        assertThat(remote.err()).contains("--node needs the node's full multiaddr");
    }

    @Test
    void idPrintsThePeerIdTheNodeSeesForThisInstallation() throws Exception {
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc").resolve(IdCommand.TRANSPORT_CFG), "listen.addresses = /ip4/127.0.0.1/tcp/4001, /ip6/::1/tcp/4001\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IdCommand id = new IdCommand(NodeKeyFile.defaultLocation(base), Optional.of(base.resolve("etc")));

        int exit = id.run(List.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(exit).isEqualTo(CliContract.EXIT_OK);
        String peerId = lines.get(0);
        assertThat(peerId).startsWith("12D3KooW");
        assertThat(lines.get(1)).contains("node.key").contains("created now");
        assertThat(lines).contains("address   /ip4/127.0.0.1/tcp/4001/p2p/" + peerId, "address   /ip6/::1/tcp/4001/p2p/" + peerId);
        try (LiopClient client = LiopClient.connect(node.address(), NodeKeyFile.defaultLocation(base))) {
            assertThat(client.peerId()).as("exec --node runs as the identity id prints").isEqualTo(peerId);
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        id.run(List.of(), new PrintStream(again, true, StandardCharsets.UTF_8), System.err);
        assertThat(again.toString(StandardCharsets.UTF_8)).startsWith(peerId + "\n").doesNotContain("created now");
    }
}
