package liop.libp2p.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import java.lang.System.Logger.Level;

/**
 * One log line for each gRPC call over libp2p that ends because of its peer rather than its
 * service: a message above the size limit (refused with RESOURCE_EXHAUSTED), a call the peer cut
 * off mid-way (its stream reset, its connection lost: CANCELLED), a malformed request (INTERNAL
 * from the transport). Calls the service answered, however they ended, are the pipeline's to log.
 */
final class CallLog extends ServerStreamTracer.Factory {

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new ServerStreamTracer() {
            private volatile Object caller = "an unknown peer";
            private volatile boolean answered;

            @Override
            public void serverCallStarted(ServerCallInfo<?, ?> call) {
                Object remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                if (remote != null) {
                    caller = remote;
                }
            }

            @Override
            public void outboundMessage(int seqNo) {
                answered = true;
            }

            @Override
            public void streamClosed(Status status) {
                String call = "libp2p: gRPC call " + fullMethodName + " from " + caller;
                switch (status.getCode()) {
                    case RESOURCE_EXHAUSTED -> StreamWatch.LOG.log(Level.WARNING, call + " refused: " + status.getDescription()
                            + " (the stream serves on)");
                    case CANCELLED, UNAVAILABLE -> {
                        if (!answered) {
                            StreamWatch.LOG.log(Level.INFO, call + " ended by the peer before its answer (stream reset, connection lost or the peer's deadline)");
                        }
                    }
                    case INTERNAL, UNKNOWN -> {
                        if (!answered) {
                            StreamWatch.LOG.log(Level.WARNING, call + " failed: " + status.getCode() + " " + status.getDescription());
                        }
                    }
                    default -> StreamWatch.LOG.log(Level.DEBUG, () -> call + " ended " + status.getCode());
                }
            }
        };
    }
}
