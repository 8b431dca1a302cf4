package liop.libp2p.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {

    private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

    @ParameterizedTest
    @CsvSource({
        "/ip4/127.0.0.1/tcp/4001, 047f000001060fa1",
        "/ip6/::1/tcp/80, 29000000000000000000000000000000010600 50",
        "/dns4/example.com/tcp/443, 360b6578616d706c652e636f6d0601bb",
        "/dns/node.liop/tcp/1, 35096e6f64652e6c696f70060001"})
    void textAndBinaryFormsMatchTheMultiaddrSpec(String text, String hex) throws Exception {
        Multiaddr address = Multiaddr.parse(text);
        assertThat(HexFormat.of().formatHex(address.toBytes())).isEqualTo(hex.replace(" ", ""));
        assertThat(Multiaddr.fromBytes(address.toBytes())).isEqualTo(address);
        assertThat(address).hasToString(text);
    }

    @Test
    void carriesThePeer() throws Exception {
        Multiaddr address = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/" + PEER);
        assertThat(address.peerId()).contains(PeerId.parse(PEER));
        assertThat(address.withoutPeerId()).hasToString("/ip4/10.0.0.1/tcp/4001");
        assertThat(address.withoutPeerId().withPeerId(PeerId.parse(PEER))).isEqualTo(address);
        assertThat(Multiaddr.fromBytes(address.toBytes())).isEqualTo(address);
        assertThat(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/ipfs/" + PEER)).isEqualTo(address);
        assertThat(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/" + PeerId.parse(PEER).toCid())).isEqualTo(address);
    }

    @Test
    void namesTcpEndpoints() {
        assertThat(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER).toSocketAddress())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 4001));
        InetSocketAddress named = Multiaddr.parse("/dns4/example.com/tcp/443").toSocketAddress();
        assertThat(named.isUnresolved()).isTrue();
        assertThat(named.getHostString()).isEqualTo("example.com");
        assertThat(Multiaddr.of(new InetSocketAddress("::1", 9))).hasToString("/ip6/::1/tcp/9");
        assertThatThrownBy(() -> Multiaddr.parse("/ip4/127.0.0.1").toSocketAddress()).hasMessageContaining("not a TCP address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ip4/1.2.3.4", "/ip4/999.1.1.1/tcp/1", "/ip4/localhost/tcp/1", "/ip4/1.2.3.4/tcp/65536",
        "/ip4/1.2.3.4/tcp/-1", "/ip4/1.2.3.4/tcp", "/udp/1", "/ip6/1.2.3.4/tcp/1", "/p2p/" + PEER + "/tcp/1", "/p2p/notapeer"})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "'', empty multiaddr",
        "047f0000, claims 4 bytes but only 3 are left",
        "9102, protocol code 0x111 is not supported",
        "358002, exceeds the limit of 255",
        "a503021300, neither identity nor sha2-256",
        "a50302aaaa, ends in the middle",
        "350161ff, ends in the middle",
        "3500, bad /dns name"})
    void refusesMalformedBytes(String hex, String reason) {
        assertThatThrownBy(() -> Multiaddr.fromBytes(HexFormat.of().parseHex(hex)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesOversizedBytes() {
        assertThatThrownBy(() -> Multiaddr.fromBytes(new byte[2000])).isInstanceOf(ProtocolException.class).hasMessageContaining("limit of 1024");
    }
}
