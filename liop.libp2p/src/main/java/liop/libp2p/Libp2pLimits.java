package liop.libp2p;

import java.time.Duration;
import liop.libp2p.yamux.YamuxConfig;
import liop.libp2p.yamux.YamuxFrame;

/**
 * Every limit of a libp2p host. The wire formats bound the rest: multistream messages at 1024
 * bytes, Noise frames at 65535 bytes, identify messages at 8 KiB (as js- and go-libp2p do).
 *
 * @param handshakeTimeout from TCP connect to a secured, multiplexed connection (multistream,
 *     Noise, multistream, yamux); slower peers are disconnected
 * @param protocolNegotiationTimeout for agreeing on the protocol of a stream
 * @param maxConnections connections at once, in or out, handshaking or established
 * @param maxConnectionsPerPeer established connections with one peer
 * @param maxInboundStreams streams a peer may have open on one connection; more are reset, and a
 *     peer that keeps opening them is disconnected
 * @param maxOutboundStreams streams we may open on one connection
 * @param streamWindowBytes each stream's initial receive window (at least 256 KiB): what a peer
 *     may send ahead of the application until the window grows, and the largest yamux data frame
 * @param maxStreamWindowBytes the most a stream's receive window grows to while its reader keeps
 *     up, and the most all windows of one connection together grow (see {@link YamuxConfig})
 * @param maxBufferedBytes bytes waiting to be sent to a peer that does not read them
 * @param keepAliveInterval yamux ping interval; a peer that misses one is disconnected
 */
public record Libp2pLimits(
        Duration handshakeTimeout,
        Duration protocolNegotiationTimeout,
        int maxConnections,
        int maxConnectionsPerPeer,
        int maxInboundStreams,
        int maxOutboundStreams,
        int streamWindowBytes,
        int maxStreamWindowBytes,
        int maxBufferedBytes,
        Duration keepAliveInterval) {

    public static final Libp2pLimits DEFAULT = new Libp2pLimits(
            Duration.ofSeconds(10), Duration.ofSeconds(10), 1024, 8, 256, 256,
            YamuxFrame.INITIAL_WINDOW_BYTES, 16 << 20, 4 << 20, Duration.ofSeconds(30));

    public Libp2pLimits {
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(protocolNegotiationTimeout, "protocolNegotiationTimeout");
        if (maxConnections < 1 || maxConnectionsPerPeer < 1) {
            throw new IllegalArgumentException("maxConnections and maxConnectionsPerPeer must be at least 1");
        }
        yamux(maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval); // validates
    }

    YamuxConfig yamux() {
        return yamux(maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    private static YamuxConfig yamux(int inbound, int outbound, int window, int maxWindow, int buffered, Duration keepAlive) {
        return new YamuxConfig(inbound, outbound, window, maxWindow, buffered, keepAlive);
    }

    public Libp2pLimits withHandshakeTimeout(Duration value) {
        return new Libp2pLimits(value, protocolNegotiationTimeout, maxConnections, maxConnectionsPerPeer,
                maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withProtocolNegotiationTimeout(Duration value) {
        return new Libp2pLimits(handshakeTimeout, value, maxConnections, maxConnectionsPerPeer,
                maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withMaxConnections(int value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, value, maxConnectionsPerPeer,
                maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withMaxConnectionsPerPeer(int value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, maxConnections, value,
                maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withMaxInboundStreams(int value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, maxConnections, maxConnectionsPerPeer,
                value, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withMaxOutboundStreams(int value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, maxConnections, maxConnectionsPerPeer,
                maxInboundStreams, value, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withStreamWindowBytes(int value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, maxConnections, maxConnectionsPerPeer,
                maxInboundStreams, maxOutboundStreams, value, maxStreamWindowBytes, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withMaxStreamWindowBytes(int value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, maxConnections, maxConnectionsPerPeer,
                maxInboundStreams, maxOutboundStreams, streamWindowBytes, value, maxBufferedBytes, keepAliveInterval);
    }

    public Libp2pLimits withMaxBufferedBytes(int value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, maxConnections, maxConnectionsPerPeer,
                maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, value, keepAliveInterval);
    }

    public Libp2pLimits withKeepAliveInterval(Duration value) {
        return new Libp2pLimits(handshakeTimeout, protocolNegotiationTimeout, maxConnections, maxConnectionsPerPeer,
                maxInboundStreams, maxOutboundStreams, streamWindowBytes, maxStreamWindowBytes, maxBufferedBytes, value);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
