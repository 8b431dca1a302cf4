package liop.client.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import liop.api.engine.WasmEngine;
import liop.api.node.DataNode;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import liop.libp2p.Libp2pLimits;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.datanode.DataNodeEndpoint;
import liop.libp2p.grpc.GrpcLimits;
import liop.libp2p.multiaddr.Multiaddr;
import liop.node.DatasetCatalog;
import liop.node.NodeSettings;
import liop.node.Pipeline;
import liop.node.manifest.Grants;
import liop.node.policy.NodePolicy;
import liop.node.policy.Policies;

/**
 * A real node for the client's tests: the pipeline on the Chicory engine (no datasets, nothing
 * granted), served over libp2p on TCP loopback as the node's transport serves it.
 */
public final class TestNode implements AutoCloseable {

    private final Pipeline pipeline;
    private final DataNode dataNode;
    private final DataNodeEndpoint endpoint;

    public TestNode() throws IOException {
        WasmEngine chicory = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 16);
        Pipeline.Engines engines = Pipeline.Engines.only(chicory);
        DatasetCatalog none = DatasetCatalog.none();
        pipeline = new Pipeline(NodeSettings.DEFAULT, engines, none, () -> Grants.NONE, List::of, Policies.inMemory(NodePolicy.withoutNoise()));
        dataNode = pipeline.asDataNode();
        endpoint = DataNodeEndpoint.start(Ed25519KeyPair.generate(new SecureRandom()), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                Libp2pLimits.DEFAULT, GrpcLimits.DEFAULT, () -> Optional.of(dataNode));
    }

    /** The node as the embedded node of {@code liop exec} offers it. */
    public DataNode dataNode() {
        return dataNode;
    }

    /** The full address agents dial. */
    public String address() {
        return endpoint.listenAddresses().getFirst().toString();
    }

    public String peerId() {
        return endpoint.peerId().toString();
    }

    public static byte[] guest(String name) throws IOException {
        try (InputStream in = TestNode.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            if (in == null) {
                throw new IOException("guest " + name + " is not on the test class path (io.liop:guests)");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        endpoint.close();
        pipeline.close();
    }
}
