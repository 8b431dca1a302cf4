package liop.libp2p;

import io.netty.channel.ChannelHandlerContext;
import java.util.Set;
import liop.libp2p.multistream.MultistreamSelect;
import liop.libp2p.noise.NoiseHandler;
import liop.libp2p.noise.NoiseIdentity;
import liop.libp2p.peer.PeerId;
import liop.libp2p.yamux.YamuxSession;

/**
 * Upgrades a TCP connection to a libp2p connection, each step installing the next as the
 * previous one finishes:
 *
 * <pre>
 *   multistream-select /noise  →  Noise XX (identities proven)  →  multistream-select /yamux/1.0.0  →  yamux
 * </pre>
 *
 * The pipeline ends with the {@link ConnectionGuard} throughout.
 */
final class ConnectionSetup {

    static final String NOISE = "/noise";
    static final String YAMUX = "/yamux/1.0.0";

    private final Libp2pHost host;
    private final Connection connection;
    private final PeerId expectedPeer; // for the dialling side

    private ConnectionSetup(Libp2pHost host, Connection connection, PeerId expectedPeer) {
        this.host = host;
        this.connection = connection;
        this.expectedPeer = expectedPeer;
    }

    static void dialling(Libp2pHost host, Connection connection, PeerId expectedPeer) {
        new ConnectionSetup(host, connection, expectedPeer).install();
    }

    static void listening(Libp2pHost host, Connection connection) {
        new ConnectionSetup(host, connection, null).install();
    }

    private void install() {
        var pipeline = connection.channel().pipeline();
        pipeline.addLast("security", negotiation(NOISE, this::secure));
        pipeline.addLast("guard", new ConnectionGuard(connection, host.limits()));
    }

    private MultistreamSelect negotiation(String protocol, MultistreamSelect.Selected next) {
        return connection.isInitiator()
                ? MultistreamSelect.dialer(protocol, next)
                : MultistreamSelect.listener(Set.of(protocol), next);
    }

    private void secure(ChannelHandlerContext ctx, String protocol) {
        NoiseIdentity identity = host.noiseIdentity();
        NoiseHandler noise = connection.isInitiator()
                ? NoiseHandler.initiator(identity, expectedPeer, this::secured)
                : NoiseHandler.responder(identity, this::secured);
        ctx.pipeline().addAfter(ctx.name(), "noise", noise);
    }

    private void secured(ChannelHandlerContext ctx, PeerId remotePeer) throws ConnectionLimitException {
        host.admit(connection, remotePeer);
        ctx.pipeline().addAfter(ctx.name(), "muxer", negotiation(YAMUX, this::multiplex));
    }

    private void multiplex(ChannelHandlerContext ctx, String protocol) {
        YamuxSession session = new YamuxSession(connection.isInitiator(), host.limits().yamux(),
                new PeerAddress(host.peerId(), connection.localAddress()),
                new PeerAddress(connection.remotePeer(), connection.remoteAddress()),
                stream -> host.acceptStream(connection, stream));
        ctx.pipeline().addAfter(ctx.name(), "yamux", session);
        connection.multiplexed(session);
    }
}
