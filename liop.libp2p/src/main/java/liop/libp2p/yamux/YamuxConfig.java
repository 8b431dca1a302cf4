package liop.libp2p.yamux;

import java.time.Duration;

/**
 * The limits of one yamux session.
 *
 * @param maxInboundStreams streams the peer may have open at once; more are reset
 * @param maxOutboundStreams streams we may have open at once; opening more fails
 * @param windowBytes each stream's initial receive window, at least the spec's 256 KiB: the most
 *     a peer may send ahead of what the application has read until the window grows, and the
 *     largest data frame accepted
 * @param maxWindowBytes the most a stream's receive window grows to while its reader keeps up
 *     (as js-libp2p's maxStreamWindowSize); also the most all streams of a connection together
 *     may grow beyond {@code windowBytes}, so growth adds at most this much memory per connection.
 *     Equal to {@code windowBytes}, windows never grow
 * @param maxBufferedBytes bytes waiting to be sent to a peer that does not read them before the
 *     connection is closed
 * @param keepAliveInterval how often an idle session is pinged; a ping unanswered by the next
 *     one closes the connection
 */
public record YamuxConfig(
        int maxInboundStreams, int maxOutboundStreams, int windowBytes, int maxWindowBytes, int maxBufferedBytes, Duration keepAliveInterval) {

    public static final YamuxConfig DEFAULT = new YamuxConfig(256, 256, YamuxFrame.INITIAL_WINDOW_BYTES, 16 << 20, 4 << 20, Duration.ofSeconds(30));

    public YamuxConfig {
        if (maxInboundStreams < 1 || maxOutboundStreams < 1) {
            throw new IllegalArgumentException("a yamux session needs room for at least one stream each way");
        }
        if (windowBytes < YamuxFrame.INITIAL_WINDOW_BYTES) {
            throw new IllegalArgumentException("the yamux window is at least 256 KiB (the spec's initial window), not " + windowBytes);
        }
        if (maxWindowBytes < windowBytes) {
            throw new IllegalArgumentException("maxWindowBytes (" + maxWindowBytes + ") is below windowBytes (" + windowBytes
                    + "); set it to windowBytes to keep windows from growing");
        }
        if (maxBufferedBytes < 64 << 10) {
            throw new IllegalArgumentException("maxBufferedBytes below 64 KiB would close healthy connections: " + maxBufferedBytes);
        }
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
            throw new IllegalArgumentException("keepAliveInterval must be positive: " + keepAliveInterval);
        }
    }
}
