package liop.libp2p.datanode;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Supplier;
import liop.api.engine.ExecutionStatus;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.LogicResult;
import liop.api.wire.v1.DescribeRequest;
import liop.api.wire.v1.DescribeResponse;
import liop.api.wire.v1.LogicRequest;
import liop.api.wire.v1.LogicResponse;
import liop.api.wire.v1.WatchEvent;
import liop.api.wire.v1.WatchRequest;

/**
 * Serves {@code liop.v1.DataNode} by calling the node's pipeline, {@link DataNode}: the one service
 * definition every transport serves. Whatever the pipeline decides (ok, trap, denied, module
 * required, ...) is an answer, not a gRPC error; gRPC errors are left for calls that never reached
 * it (no pipeline running, a method not served yet).
 */
public final class DataNodeService {

    private static final System.Logger LOG = System.getLogger("liop.libp2p");

    private final Supplier<Optional<DataNode>> node;
    private final Supplier<AgentIdentity> caller;
    private final String nodeId;

    /**
     * @param node the pipeline, read once per call (it may come and go)
     * @param caller the verified identity of the call this thread serves (budgets and policy are bound to it)
     * @param nodeId the node's identity on this transport, e.g. its PeerId, for Describe
     */
    public DataNodeService(Supplier<Optional<DataNode>> node, Supplier<AgentIdentity> caller, String nodeId) {
        this.node = node;
        this.caller = caller;
        this.nodeId = nodeId;
    }

    public ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(DataNodeGrpc.SERVICE)
                .addMethod(DataNodeGrpc.EXECUTE, ServerCalls.asyncUnaryCall(this::execute))
                .addMethod(DataNodeGrpc.DESCRIBE, ServerCalls.asyncUnaryCall(this::describe))
                .addMethod(DataNodeGrpc.WATCH, ServerCalls.asyncServerStreamingCall(this::watch))
                .build();
    }

    void execute(LogicRequest request, StreamObserver<LogicResponse> response) {
        AgentIdentity who = caller.get();
        Optional<DataNode> pipeline = node.get();
        LogicResult result = pipeline.isEmpty()
                ? LogicResult.refused(ExecutionStatus.UNAVAILABLE, "the node's pipeline is not running; retry in a moment", request.getModuleSha256())
                : run(() -> pipeline.get().execute(WireMapping.fromWire(request), who), response);
        if (result != null) {
            response.onNext(WireMapping.toWire(result));
            response.onCompleted();
        }
    }

    void describe(DescribeRequest request, StreamObserver<DescribeResponse> response) {
        AgentIdentity who = caller.get();
        Optional<DataNode> pipeline = node.get();
        if (pipeline.isEmpty()) {
            response.onError(Status.UNAVAILABLE.withDescription("the node's pipeline is not running; retry in a moment").asRuntimeException());
            return;
        }
        DescribeResponse description = run(() -> WireMapping.toWire(pipeline.get().describe(who), nodeId), response);
        if (description != null) {
            response.onNext(description);
            response.onCompleted();
        }
    }

    void watch(WatchRequest request, StreamObserver<WatchEvent> events) {
        events.onError(Status.UNIMPLEMENTED.withDescription("Watch (long-lived watchdogs) is not served remotely yet;"
                + " run the module once with Execute").asRuntimeException());
    }

    /** The pipeline never throws for a bad request; if it throws anyway, the caller learns that much and no more. */
    private static <T> T run(Supplier<T> call, StreamObserver<?> response) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "liop.v1.DataNode: the pipeline failed", e);
            response.onError(Status.INTERNAL.withDescription("the node failed on this request; its log says why").asRuntimeException());
            return null;
        }
    }
}
