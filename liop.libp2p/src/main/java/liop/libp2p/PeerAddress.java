package liop.libp2p;

import java.net.SocketAddress;
import java.util.Objects;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;

/**
 * The address of either end of a libp2p stream: the peer's verified identity and where its
 * connection comes from. Streams report it as their {@code localAddress()} and {@code
 * remoteAddress()}, so a stack running over a stream (gRPC's {@code TRANSPORT_ATTR_REMOTE_ADDR})
 * learns who is calling without knowing about libp2p.
 */
public final class PeerAddress extends SocketAddress {

    private static final long serialVersionUID = 1L;

    private final transient PeerId peerId;
    private final transient Multiaddr address;

    public PeerAddress(PeerId peerId, Multiaddr address) {
        this.peerId = Objects.requireNonNull(peerId);
        this.address = Objects.requireNonNull(address);
    }

    /** Proven by the Noise handshake. */
    public PeerId peerId() {
        return peerId;
    }

    /** Where the connection comes from (or goes to), without {@code /p2p}. */
    public Multiaddr address() {
        return address;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeerAddress that && peerId.equals(that.peerId) && address.equals(that.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peerId, address);
    }

    /** The full multiaddr, {@code /ip4/…/tcp/…/p2p/…}. */
    @Override
    public String toString() {
        return address.withPeerId(peerId).toString();
    }
}
