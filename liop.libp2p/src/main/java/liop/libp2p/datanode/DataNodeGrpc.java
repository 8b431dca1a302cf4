package liop.libp2p.datanode;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.lite.ProtoLiteUtils;
import liop.api.wire.v1.DescribeRequest;
import liop.api.wire.v1.DescribeResponse;
import liop.api.wire.v1.LiopProto;
import liop.api.wire.v1.LogicRequest;
import liop.api.wire.v1.LogicResponse;
import liop.api.wire.v1.WatchEvent;
import liop.api.wire.v1.WatchRequest;

/**
 * The gRPC binding of service {@code liop.v1.DataNode}, what protoc-gen-grpc-java would generate,
 * made here from the proto's own descriptor instead.
 *
 * <p>Why by hand: generated stubs go into the proto's Java package, {@code liop.api.wire.v1}, which
 * the liop.api bundle exports; stubs built into another bundle would split that package, and
 * building them into liop.api would make every bundle that compiles against the API depend on
 * gRPC. This class lives in a package of its own, embedded privately by whoever speaks gRPC (the
 * node's transports, the client), and checks itself against the descriptor when it loads: a
 * method whose name, message types or streaming disagree with liop.proto fails there, never on
 * the wire. Every transport serves this one definition.
 */
public final class DataNodeGrpc {

    /** The service as liop.proto declares it. */
    public static final Descriptors.ServiceDescriptor PROTO = LiopProto.getDescriptor().findServiceByName("DataNode");
    public static final String SERVICE_NAME = PROTO.getFullName();

    public static final MethodDescriptor<LogicRequest, LogicResponse> EXECUTE =
            method("Execute", MethodType.UNARY, LogicRequest.getDefaultInstance(), LogicResponse.getDefaultInstance());
    public static final MethodDescriptor<DescribeRequest, DescribeResponse> DESCRIBE =
            method("Describe", MethodType.UNARY, DescribeRequest.getDefaultInstance(), DescribeResponse.getDefaultInstance());
    public static final MethodDescriptor<WatchRequest, WatchEvent> WATCH =
            method("Watch", MethodType.SERVER_STREAMING, WatchRequest.getDefaultInstance(), WatchEvent.getDefaultInstance());

    public static final ServiceDescriptor SERVICE = ServiceDescriptor.newBuilder(SERVICE_NAME)
            .addMethod(EXECUTE)
            .addMethod(DESCRIBE)
            .addMethod(WATCH)
            .build();

    private DataNodeGrpc() {}

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(String name, MethodType type, Q request, R response) {
        Descriptors.MethodDescriptor declared = PROTO.findMethodByName(name);
        if (declared == null
                || declared.getInputType() != request.getDescriptorForType()
                || declared.getOutputType() != response.getDescriptorForType()
                || typeOf(declared) != type) {
            throw new IllegalStateException("liop.proto disagrees with the binding of " + SERVICE_NAME + "/" + name
                    + ": update DataNodeGrpc to the proto");
        }
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, name))
                .setRequestMarshaller(ProtoLiteUtils.marshaller(request))
                .setResponseMarshaller(ProtoLiteUtils.marshaller(response))
                .setSchemaDescriptor(declared)
                .build();
    }

    static MethodType typeOf(Descriptors.MethodDescriptor method) {
        if (method.isClientStreaming()) {
            return method.isServerStreaming() ? MethodType.BIDI_STREAMING : MethodType.CLIENT_STREAMING;
        }
        return method.isServerStreaming() ? MethodType.SERVER_STREAMING : MethodType.UNARY;
    }
}
