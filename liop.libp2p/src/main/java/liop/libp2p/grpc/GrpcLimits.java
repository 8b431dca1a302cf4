package liop.libp2p.grpc;

import java.time.Duration;

/**
 * The limits of gRPC inside libp2p streams, on top of libp2p's own (streams per connection,
 * connections per peer, windows).
 *
 * @param maxMessageBytes the largest message either side accepts (a request carries a module)
 * @param maxConcurrentCallsPerStream calls at once on one stream (one HTTP/2 connection)
 * @param handshakeTimeout for the HTTP/2 preface and settings once a stream is open; a peer that
 *     opens a stream and stays silent is cut off after it
 */
public record GrpcLimits(int maxMessageBytes, int maxConcurrentCallsPerStream, Duration handshakeTimeout) {

    public static final GrpcLimits DEFAULT = new GrpcLimits(16 << 20, 64, Duration.ofSeconds(10));

    public GrpcLimits {
        if (maxMessageBytes < 1024 || maxConcurrentCallsPerStream < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024 and maxConcurrentCallsPerStream at least 1");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }
}
