package liop.transport.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.WasmEngine;
import liop.api.node.DataNode;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.api.node.NodeDescription;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import liop.libp2p.Libp2pLimits;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.datanode.DataNodeClient;
import liop.libp2p.datanode.DataNodeEndpoint;
import liop.libp2p.grpc.GrpcLimits;
import liop.libp2p.multiaddr.Multiaddr;
import liop.node.DatasetCatalog;
import liop.node.NodeSettings;
import liop.node.Pipeline;
import liop.node.manifest.Grants;
import liop.node.policy.NodePolicy;
import liop.node.policy.Policies;
import liop.node.tier.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * liop.v1.DataNode over libp2p end to end: the real pipeline on the real Chicory engine behind a
 * {@link DataNodeEndpoint} on TCP loopback, agents as {@link DataNodeClient}s with keys of their own.
 */
class DataNodeOverLibp2pTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final WasmEngine chicory = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 16);
    private volatile List<Tier> tiers = List.of();
    private Pipeline pipeline;
    /** The pipeline as the node's DataNode component offers it. */
    private DataNode dataNode;
    private final AtomicReference<DataNode> serving = new AtomicReference<>();
    private DataNodeEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        Pipeline.Engines engines = Pipeline.Engines.only(chicory);
        DatasetCatalog noDatasets = DatasetCatalog.none();
        pipeline = new Pipeline(NodeSettings.DEFAULT, engines, noDatasets, () -> Grants.NONE, () -> tiers,
                Policies.inMemory(NodePolicy.withoutNoise()));
        dataNode = pipeline.asDataNode();
        serving.set(dataNode);
        endpoint = DataNodeEndpoint.start(Ed25519KeyPair.generate(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                Libp2pLimits.DEFAULT, GrpcLimits.DEFAULT, () -> Optional.ofNullable(serving.get()));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        pipeline.close();
    }

    private DataNodeClient agent() throws IOException {
        return DataNodeClient.connect(endpoint.listenAddresses().getFirst(), Ed25519KeyPair.generate(RANDOM), CALL_TIMEOUT);
    }

    @Test
    void anAgentRunsAModuleAndGetsItsOutput() throws Exception {
        try (DataNodeClient agent = agent()) {
            LogicResult result = agent.execute(LogicRequest.of(guest("hello")));

            assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
            assertThat(result.outputJson()).contains("hello");
            assertThat(result.engine()).isEqualTo("chicory");
            assertThat(result.fuelUsed()).isPositive();
            assertThat(agent.remotePeer()).isEqualTo(endpoint.peerId());
        }
    }

    @Test
    void theModuleCrossesTheWireOnlyWhenTheNodeLacksIt() throws Exception {
        byte[] echo = guest("echo");
        try (DataNodeClient agent = agent()) {
            LogicRequest byHashOnly = new LogicRequest(new byte[0], sha256(echo), null, List.of(), "");
            assertThat(agent.call(byHashOnly).status()).as("unknown to the node yet").isEqualTo(ExecutionStatus.MODULE_REQUIRED);

            assertThat(agent.execute(LogicRequest.of(echo)).status()).isEqualTo(ExecutionStatus.OK);

            LogicResult cached = agent.call(byHashOnly);
            assertThat(cached.status()).as("now the hash is enough: " + cached.error()).isEqualTo(ExecutionStatus.OK);
            assertThat(cached.moduleSha256()).isEqualTo(sha256(echo));
        }
        try (DataNodeClient other = agent()) {
            assertThat(other.call(new LogicRequest(new byte[0], sha256(echo), null, List.of(), "")).status())
                    .as("the node's module store is not per agent").isEqualTo(ExecutionStatus.OK);
        }
    }

    @Test
    void thePipelineKnowsTheCallerByItsProvenPeerId() throws Exception {
        try (DataNodeClient trusted = agent(); DataNodeClient stranger = agent()) {
            tiers = List.of(
                    new Tier("trusted", List.of("peer:" + trusted.localPeer()), 5_000_000_000L, 8),
                    new Tier("peers", List.of("peer:*"), 1_000, 8));
            byte[] echo = guest("echo");

            LogicResult trustedResult = trusted.execute(LogicRequest.of(echo));
            LogicResult strangerResult = stranger.execute(LogicRequest.of(echo));

            assertThat(trustedResult.status()).as(trustedResult.error()).isEqualTo(ExecutionStatus.OK);
            assertThat(strangerResult.status()).isEqualTo(ExecutionStatus.OUT_OF_FUEL);
            assertThat(strangerResult.error()).contains("tier peers");
        }
    }

    @Test
    void aBadModuleIsAnAnswerNotAnError() throws Exception {
        try (DataNodeClient agent = agent()) {
            LogicResult result = agent.execute(LogicRequest.of(new byte[] {0, 'a', 's', 'm', 9, 9, 9, 9}));

            assertThat(result.status()).isEqualTo(ExecutionStatus.INVALID);
            assertThat(result.error()).isNotBlank();
        }
    }

    @Test
    void describeListsTheEngines() throws Exception {
        try (DataNodeClient agent = agent()) {
            NodeDescription description = agent.describe();

            assertThat(description.engines()).extracting(e -> e.name()).contains("chicory");
        }
    }

    @Test
    void withoutAPipelineCallsAreUnavailableAndTheListenerStays() throws Exception {
        serving.set(null);
        try (DataNodeClient agent = agent()) {
            assertThat(agent.execute(LogicRequest.of(guest("hello"))).status()).isEqualTo(ExecutionStatus.UNAVAILABLE);
            assertThatThrownBy(agent::describe).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

            serving.set(dataNode);

            assertThat(agent.execute(LogicRequest.of(guest("hello"))).status()).isEqualTo(ExecutionStatus.OK);
        }
    }

    @Test
    void aClientDialingTheWrongPeerIdIsRefused() throws Exception {
        Multiaddr impostor = Multiaddr.parse(endpoint.listenAddresses().getFirst().toString()
                .replace(endpoint.peerId().toString(), liop.libp2p.peer.PeerId.of(Ed25519KeyPair.generate(RANDOM).publicKey()).toString()));

        assertThatThrownBy(() -> DataNodeClient.connect(impostor, Ed25519KeyPair.generate(RANDOM), CALL_TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect");
        try (DataNodeClient agent = agent()) {
            assertThat(agent.execute(LogicRequest.of(guest("hello"))).status()).isEqualTo(ExecutionStatus.OK);
        }
    }

    static byte[] guest(String name) throws IOException {
        try (InputStream in = DataNodeOverLibp2pTest.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            if (in == null) {
                throw new IOException("guest " + name + " is not on the test class path (io.liop:guests)");
            }
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
