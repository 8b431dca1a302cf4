package liop.libp2p;

import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.multistream.MultistreamSelect;
import liop.libp2p.peer.PeerId;
import liop.libp2p.yamux.YamuxSession;

/**
 * A secured, multiplexed connection with one peer, whose identity the Noise handshake proved. Opens
 * streams for application protocols; the peer's streams go to the host's {@link StreamHandler}s.
 */
public final class Connection {

    private final Channel channel;
    private final boolean initiator;
    private final Multiaddr remoteAddress;
    private final Libp2pLimits limits;
    private final CompletableFuture<Connection> established = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile PeerId remotePeer;
    private volatile YamuxSession session;
    private volatile boolean connected;

    Connection(Channel channel, boolean initiator, Multiaddr remoteAddress, Libp2pLimits limits) {
        this.channel = channel;
        this.initiator = initiator;
        this.remoteAddress = remoteAddress;
        this.limits = limits;
        channel.closeFuture().addListener(f -> {
            if (connected) { // a connect that failed says so itself (Libp2pHost.dial)
                established.completeExceptionally(new IOException(this + ": closed during the handshake"));
            }
            closed.complete(null);
        });
    }

    /** The peer, proven by the handshake; null while it is running. */
    public PeerId remotePeer() {
        return remotePeer;
    }

    /** Where the peer's end of the TCP connection is, without {@code /p2p}. */
    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    /** Our end of the TCP connection (once connected). */
    public Multiaddr localAddress() {
        return Multiaddr.of((InetSocketAddress) channel.localAddress());
    }

    /** True when we dialled, false when the peer did. */
    public boolean isInitiator() {
        return initiator;
    }

    public boolean isOpen() {
        return channel.isActive() && session != null;
    }

    public int streamCount() {
        YamuxSession current = session;
        return current == null ? 0 : current.streamCount();
    }

    /**
     * Opens a stream and negotiates {@code protocol} on it; once the peer agrees, {@code handler}
     * adds the handlers that speak it and the future completes with the stream. Fails with {@link
     * liop.libp2p.multistream.ProtocolNotSupportedException} if the peer does not speak
     * it, with a {@link TimeoutException} after the protocol negotiation timeout.
     */
    public CompletableFuture<Channel> openStream(String protocol, StreamHandler handler) {
        YamuxSession current = session;
        if (current == null || !channel.isActive()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        current.openStream(stream -> StreamNegotiation.start(stream, limits.protocolNegotiationTimeout(),
                        agreed -> MultistreamSelect.dialer(protocol, agreed), agreedProtocol -> handler)
                        .whenComplete(Futures.completing(result)))
                .addListener(opened -> {
                    if (!opened.isSuccess()) {
                        result.completeExceptionally(opened.cause());
                    }
                });
        return result;
    }

    /** Closes the connection, telling the peer (yamux go-away). */
    public CompletableFuture<Void> close() {
        YamuxSession current = session;
        if (current != null) {
            current.close();
        } else {
            channel.close();
        }
        return closed;
    }

    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    // ---- the setup's steps ----

    void connected() {
        connected = true;
    }

    void secured(PeerId peer) {
        this.remotePeer = peer;
    }

    void multiplexed(YamuxSession session) {
        this.session = session;
        established.complete(this);
    }

    void failed(Throwable cause) {
        established.completeExceptionally(cause);
    }

    CompletableFuture<Connection> established() {
        return established;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return (initiator ? "connection to " : "connection from ") + remoteAddress
                + (remotePeer == null ? " (peer not yet proven)" : "/p2p/" + remotePeer);
    }
}
