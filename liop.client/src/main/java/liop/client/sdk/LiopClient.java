package liop.client.sdk;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.api.node.NodeDescription;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.NodeKeyFile;
import liop.libp2p.datanode.DataNodeClient;
import liop.libp2p.multiaddr.Multiaddr;

/**
 * The Java SDK of an agent: runs modules on a remote LIOP node over libp2p. The node is named by
 * its full multiaddr; the connection is Noise-encrypted and the node must prove the PeerId in it.
 * The node knows this client by its own PeerId (budgets, tiers and policy are bound to it), so an
 * agent that wants to keep its budget across runs keeps its key ({@link #connect(String, Path)}).
 *
 * <pre>{@code
 * try (LiopClient node = LiopClient.connect("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...")) {
 *     LogicResult result = node.execute(Files.readAllBytes(Path.of("aggregate.wasm")),
 *             LogicRequest.of(new byte[0]).withCapabilities(List.of("dataset:patients{age,condition}")));
 *     System.out.println(result.outputJson());
 *     node.describe().datasets();
 * }
 * }</pre>
 *
 * Modules are content-addressed: {@code execute} sends the module's SHA-256 first and its bytes
 * only when the node does not have it. Thread-safe.
 */
public final class LiopClient implements AutoCloseable {

    /** How long one call may take by default, the module's run included. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    private final DataNodeClient client;

    private LiopClient(DataNodeClient client) {
        this.client = client;
    }

    /**
     * Connects with a new identity of its own (a fresh Ed25519 key, forgotten on close).
     *
     * @param multiaddr e.g. {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}, as the node prints it at start
     * @throws IOException when the node cannot be reached or does not prove its PeerId
     * @throws IllegalArgumentException when {@code multiaddr} is not one, or lacks {@code /p2p/<PeerId>}
     */
    public static LiopClient connect(String multiaddr) throws IOException {
        return connect(multiaddr, Ed25519KeyPair.generate(new SecureRandom()), DEFAULT_CALL_TIMEOUT);
    }

    /**
     * Connects as the identity stored in {@code keyFile}, created there first if missing (the
     * format of a node's data/node.key).
     */
    public static LiopClient connect(String multiaddr, Path keyFile) throws IOException {
        return connect(multiaddr, NodeKeyFile.loadOrCreate(keyFile, new SecureRandom()), DEFAULT_CALL_TIMEOUT);
    }

    public static LiopClient connect(String multiaddr, Ed25519KeyPair identity, Duration callTimeout) throws IOException {
        Multiaddr address = Multiaddr.parse(multiaddr.strip());
        if (address.peerId().isEmpty()) {
            throw new IllegalArgumentException("node address " + multiaddr + " has no /p2p/<PeerId>: use the full address the node prints at start,"
                    + " e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...");
        }
        return new LiopClient(DataNodeClient.connect(address, identity, callTimeout));
    }

    /**
     * Runs {@code module} with what {@code request} asks for (params, capabilities, engine; its own
     * module bytes, if any, are ignored). Whatever the node decides is the result: ok, trap, denied, ...
     *
     * @throws io.grpc.StatusRuntimeException when the call itself fails (connection lost, node pipeline down, timeout)
     */
    public LogicResult execute(byte[] module, LogicRequest request) {
        return client.execute(new LogicRequest(module, "", request.paramsJson(), request.capabilities(), request.engine()));
    }

    /** Runs {@code module} with these params (JSON, or null) and capabilities. */
    public LogicResult execute(byte[] module, String paramsJson, List<String> capabilities) {
        return client.execute(new LogicRequest(module, "", paramsJson, capabilities, ""));
    }

    /** Runs the request as it is; a request naming a module by SHA-256 alone runs if the node has the module. */
    public LogicResult execute(LogicRequest request) {
        return client.execute(request);
    }

    /** What the node offers: its engines, datasets and the capabilities its manifest grants. */
    public NodeDescription describe() {
        return client.describe();
    }

    /** This client's PeerId, what the node knows it by. */
    public String peerId() {
        return client.localPeer().toString();
    }

    /** The node's PeerId, proven by the handshake. */
    public String nodePeerId() {
        return client.remotePeer().toString();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "LiopClient " + client.localPeer() + " -> " + client.remotePeer();
    }
}
