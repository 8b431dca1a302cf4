package liop.libp2p;

import io.netty.channel.Channel;

/**
 * Speaks one application protocol on a stream: called on the stream's event loop once the
 * protocol is agreed, it adds the Netty handlers that speak it to {@code stream.pipeline()}. The
 * bytes the peer sent right after the negotiation reach those handlers. The stream's {@code
 * remoteAddress()} is a {@link PeerAddress} with the peer's verified identity.
 */
@FunctionalInterface
public interface StreamHandler {
    void initStream(Channel stream) throws Exception;
}
