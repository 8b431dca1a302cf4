package liop.libp2p.datanode;

import io.grpc.CallOptions;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import liop.api.engine.ExecutionStatus;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.api.node.NodeDescription;
import liop.api.wire.v1.DescribeRequest;
import liop.libp2p.Connection;
import liop.libp2p.Libp2pHost;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.grpc.GrpcLimits;
import liop.libp2p.grpc.GrpcStreamClient;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;

/**
 * An agent's connection to one node over libp2p: dials it (the node must prove the PeerId in the
 * address), then calls {@code liop.v1.DataNode} through gRPC inside a {@value
 * liop.libp2p.grpc.GrpcStreamServer#PROTOCOL} stream. Modules are content-addressed: {@link
 * #execute} sends the module's SHA-256 alone first and the bytes only when the node answers
 * {@code MODULE_REQUIRED}, so a module the node has cached crosses the wire once.
 *
 * <p>Thread-safe: calls from many threads share the connection and its one stream.
 */
public final class DataNodeClient implements AutoCloseable {

    private final Libp2pHost host;
    private final Connection connection;
    private final GrpcStreamClient grpc;
    private final Duration callTimeout;

    private DataNodeClient(Libp2pHost host, Connection connection, GrpcStreamClient grpc, Duration callTimeout) {
        this.host = host;
        this.connection = connection;
        this.grpc = grpc;
        this.callTimeout = callTimeout;
    }

    /**
     * Connects to the node at {@code address} ({@code /ip4/…/tcp/…/p2p/12D3KooW…}) as {@code identity}.
     *
     * @param callTimeout how long one call may take, a module's run included
     * @throws IOException when the node cannot be reached or does not prove the PeerId of the address
     */
    public static DataNodeClient connect(Multiaddr address, Ed25519KeyPair identity, Duration callTimeout) throws IOException {
        Libp2pHost host = Libp2pHost.builder(identity).ioThreads(1).random(new SecureRandom()).start();
        try {
            Connection connection = host.dial(address).get(host.limits().handshakeTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return new DataNodeClient(host, connection, GrpcStreamClient.open(connection, GrpcLimits.DEFAULT), callTimeout);
        } catch (ExecutionException e) {
            host.close();
            throw new IOException("cannot connect to " + address + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            host.close();
            throw new IOException("cannot connect to " + address + ": no secured connection within "
                    + (host.limits().handshakeTimeout().toSeconds() + 5) + " s", e);
        } catch (InterruptedException e) {
            host.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + address, e);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /** This client's PeerId: what the node's budgets and policy know it by. */
    public PeerId localPeer() {
        return host.peerId();
    }

    /** The node's PeerId, proven by the handshake. */
    public PeerId remotePeer() {
        return connection.remotePeer();
    }

    /**
     * Runs a module on the node: its SHA-256 first, its bytes only if the node asks for them.
     * Whatever the node decides (ok, trap, denied, ...) is the result.
     *
     * @throws StatusRuntimeException when the call itself fails (the connection drops, the node's
     *     pipeline is not running, the deadline passes)
     */
    public LogicResult execute(LogicRequest request) {
        byte[] module = request.module();
        String sha256 = request.moduleSha256().isEmpty() ? sha256(module) : request.moduleSha256();
        LogicRequest byHash = new LogicRequest(new byte[0], sha256, request.paramsJson(), request.capabilities(), request.engine());
        LogicResult result = call(byHash);
        if (result.status() == ExecutionStatus.MODULE_REQUIRED && module.length > 0) {
            result = call(new LogicRequest(module, sha256, request.paramsJson(), request.capabilities(), request.engine()));
        }
        return result;
    }

    /** Sends the request exactly as it is (no content addressing): for callers that manage it themselves. */
    public LogicResult call(LogicRequest request) {
        return WireMapping.fromWire(ClientCalls.blockingUnaryCall(grpc.channel(), DataNodeGrpc.EXECUTE, options(), WireMapping.toWire(request)));
    }

    /** What the node offers: engines, datasets, granted capabilities. */
    public NodeDescription describe() {
        return WireMapping.fromWire(ClientCalls.blockingUnaryCall(grpc.channel(), DataNodeGrpc.DESCRIBE, options(), DescribeRequest.getDefaultInstance()));
    }

    private CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        try {
            grpc.close();
        } finally {
            host.close();
        }
    }

    @Override
    public String toString() {
        return "liop.v1.DataNode client " + host.peerId() + " -> " + connection;
    }
}
