package liop.libp2p.grpc;

import io.grpc.Context;
import liop.libp2p.PeerAddress;

/**
 * Who is calling: the peer at the other end of the libp2p stream a gRPC call came in on, whose
 * PeerId the Noise handshake proved. {@link GrpcStreamServer} puts it into every call's {@link
 * Context}; service code reads it with {@link #current()}.
 */
public final class VerifiedCaller {

    static final Context.Key<PeerAddress> KEY = Context.key("liop.libp2p.caller");

    private VerifiedCaller() {}

    /**
     * The caller of the call this thread serves.
     *
     * @throws IllegalStateException outside a call served by a {@link GrpcStreamServer}
     */
    public static PeerAddress current() {
        PeerAddress caller = KEY.get();
        if (caller == null) {
            throw new IllegalStateException("no verified caller: this call did not come in over a libp2p stream");
        }
        return caller;
    }
}
