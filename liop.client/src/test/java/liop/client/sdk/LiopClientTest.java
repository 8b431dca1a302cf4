package liop.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import liop.api.engine.ExecutionStatus;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against a real node over libp2p on loopback. */
class LiopClientTest {

    private static TestNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws IOException {
        node = new TestNode();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void executesAModuleOnTheRemoteNode() throws Exception {
        try (LiopClient client = LiopClient.connect(node.address())) {
            LogicResult result = client.execute(TestNode.guest("hello"), null, List.of());

            assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
            assertThat(result.outputJson()).contains("hello");
            assertThat(client.nodePeerId()).isEqualTo(node.peerId());
        }
    }

    @Test
    void executeTakesParamsAndEngineFromTheRequest() throws Exception {
        try (LiopClient client = LiopClient.connect(node.address())) {
            LogicResult result = client.execute(TestNode.guest("echo"), LogicRequest.of(new byte[0]).withParams("{\"n\":7}").withEngine("chicory"));

            assertThat(result.status()).as(result.error()).isEqualTo(ExecutionStatus.OK);
            assertThat(result.outputJson()).contains("7");
        }
    }

    @Test
    void describeNamesTheEngines() throws Exception {
        try (LiopClient client = LiopClient.connect(node.address())) {
            assertThat(client.describe().engines()).extracting(e -> e.name()).containsExactly("chicory");
        }
    }

    @Test
    void aKeyFileKeepsTheClientsIdentityAcrossConnections() throws Exception {
        Path key = dir.resolve("agent.key");
        String first;
        try (LiopClient client = LiopClient.connect(node.address(), key)) {
            first = client.peerId();
        }
        try (LiopClient client = LiopClient.connect(node.address(), key)) {
            assertThat(client.peerId()).isEqualTo(first);
        }
        try (LiopClient client = LiopClient.connect(node.address())) {
            assertThat(client.peerId()).isNotEqualTo(first);
        }
    }

    @Test
    void anAddressWithoutPeerIdIsRefusedBeforeDialing() {
        String withoutPeer = node.address().substring(0, node.address().indexOf("/p2p/"));

        assertThatThrownBy(() -> LiopClient.connect(withoutPeer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/p2p/<PeerId>");
    }

    @Test
    void nothingListeningIsAClearIoError() throws Exception {
        String address = "/ip4/127.0.0.1/tcp/1/p2p/" + node.peerId();

        assertThatThrownBy(() -> LiopClient.connect(address))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to " + address);
    }
}
