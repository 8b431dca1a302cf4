package liop.libp2p.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import liop.libp2p.PeerAddress;

/**
 * Gives every call its {@link VerifiedCaller}: gRPC's remote address of a connection is the
 * stream's, a {@link PeerAddress} whose PeerId the Noise handshake proved. A call that comes any
 * other way is refused, so nothing reaches a service without a proven PeerId.
 */
final class CallerInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR) instanceof PeerAddress caller)) {
            call.close(Status.UNAUTHENTICATED.withDescription("calls are served only over libp2p streams, whose peer is proven"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(VerifiedCaller.KEY, caller), call, headers, next);
    }
}
