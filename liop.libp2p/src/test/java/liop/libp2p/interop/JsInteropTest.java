package liop.libp2p.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import liop.libp2p.Connection;
import liop.libp2p.Libp2pHost;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.noise.UnexpectedPeerException;
import liop.libp2p.peer.PeerId;
import liop.libp2p.protocol.Echo;
import liop.libp2p.protocol.Identify;
import liop.libp2p.protocol.IdentifyMessage;
import liop.libp2p.protocol.Ping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Interop with js-libp2p (the versions pinned in {@code src/test/js/package-lock.json}), both
 * ways: ping, identify and the echo protocol over TCP + Noise + yamux, and the refusal of a
 * peer that is not the one dialled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsInteropTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private JsPeer js;
    private Libp2pHost java;
    private Multiaddr javaAddress;

    @BeforeAll
    void start() throws Exception {
        js = JsPeer.start();
        java = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .handle(Echo.PROTOCOL, Echo.responder())
                .agentVersion("liop-java/interop-test")
                .start();
        javaAddress = java.listenAddresses().getFirst();
    }

    @AfterAll
    void stop() throws Exception {
        if (java != null) {
            java.close();
        }
        if (js != null) {
            js.close();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class JavaDialsJs {

        private Connection connection;

        @BeforeAll
        void dial() throws Exception {
            connection = java.dial(js.address).get(10, TimeUnit.SECONDS);
        }

        @Test
        void theHandshakeProvesJsIdentity() {
            assertThat(connection.remotePeer()).isEqualTo(js.peerId);
        }

        @Test
        void ping() throws Exception {
            assertThat(Ping.ping(connection).get(10, TimeUnit.SECONDS)).isPositive().isLessThan(Duration.ofSeconds(10));
        }

        @Test
        void identify() throws Exception {
            IdentifyMessage identify = Identify.request(connection).get(10, TimeUnit.SECONDS);
            assertThat(identify.agentVersion()).startsWith("js-libp2p/");
            assertThat(identify.protocols()).contains(Ping.PROTOCOL, Identify.PROTOCOL, Echo.PROTOCOL);
            assertThat(identify.listenAddresses()).contains(js.address.withoutPeerId());
            // js-libp2p reports the address it sees us at with our PeerId appended
            assertThat(identify.observedAddress()).isEqualTo(connection.localAddress().withPeerId(java.peerId()));
        }

        @Test
        void echoesAMegabyte() throws Exception {
            byte[] data = new byte[1 << 20];
            RANDOM.nextBytes(data);
            assertThat(Echo.echo(connection, data).get(20, TimeUnit.SECONDS)).isEqualTo(data);
        }

        @Test
        void refusesAJsPeerOtherThanTheOneDialled() {
            PeerId someoneElse = PeerId.of(Ed25519KeyPair.generate(RANDOM).publicKey());
            assertThatThrownBy(() -> java.dial(js.address.withPeerId(someoneElse)).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UnexpectedPeerException.class)
                    .hasMessageContaining(js.peerId.toString());
        }
    }

    @Nested
    class JsDialsJava {

        @Test
        void ping() throws Exception {
            JsonNode answer = js.request("ping", Map.of("addr", javaAddress.toString()));
            assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.get("rttMs").asInt()).isBetween(0, 10_000);
        }

        @Test
        void identify() throws Exception {
            JsonNode answer = js.request("identify", Map.of("addr", javaAddress.toString()));
            assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.get("peerId").asText()).isEqualTo(java.peerId().toString());
            assertThat(answer.get("agentVersion").asText()).isEqualTo("liop-java/interop-test");
            assertThat(answer.get("protocolVersion").asText()).isEqualTo(Identify.PROTOCOL_VERSION);
            assertThat(JsPeer.texts(answer.get("protocols"))).contains(Ping.PROTOCOL, Identify.PROTOCOL, Echo.PROTOCOL);
            assertThat(JsPeer.texts(answer.get("listenAddrs"))).contains(javaAddress.withoutPeerId().toString());
        }

        @Test
        void echoesAMegabyte() throws Exception {
            JsonNode answer = js.request("echo", Map.of("addr", javaAddress.toString(), "bytes", 1 << 20));
            assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.get("bytes").asInt()).isEqualTo(1 << 20);
        }

        @Test
        void jsRefusesAJavaPeerOtherThanTheOneItDialled() throws Exception {
            PeerId someoneElse = PeerId.of(Ed25519KeyPair.generate(RANDOM).publicKey());
            JsonNode answer = js.request("ping", Map.of("addr", javaAddress.withPeerId(someoneElse).toString()));
            assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isFalse();
            assertThat(answer.get("error").asText()).contains(someoneElse.toString());
        }

        @Test
        void javaStillServesAfterwards() throws Exception {
            JsonNode answer = js.request("ping", Map.of("addr", javaAddress.toString()));
            assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
        }
    }
}
