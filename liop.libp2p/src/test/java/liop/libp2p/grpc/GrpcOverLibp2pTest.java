package liop.libp2p.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.lite.ProtoLiteUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import liop.api.wire.v1.DescribeRequest;
import liop.api.wire.v1.DescribeResponse;
import liop.libp2p.Connection;
import liop.libp2p.Libp2pHost;
import liop.libp2p.LogRecorder;
import liop.libp2p.PeerAddress;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.protocol.Ping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC inside libp2p streams, with a service that answers who called: a node and a client host on
 * loopback, each on one event loop group shared with its gRPC side.
 */
class GrpcOverLibp2pTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A one-method service: Describe, answering with the caller's PeerId as node_id. */
    private static final MethodDescriptor<DescribeRequest, DescribeResponse> WHO_AM_I = MethodDescriptor.<DescribeRequest, DescribeResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Caller/WhoAmI")
            .setRequestMarshaller(ProtoLiteUtils.marshaller(DescribeRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoLiteUtils.marshaller(DescribeResponse.getDefaultInstance()))
            .build();

    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private MultiThreadIoEventLoopGroup nodeLoops;
    private GrpcStreamServer grpc;
    private Libp2pHost node;
    private Libp2pHost client;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        startNode(GrpcLimits.DEFAULT);
        client = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).ioThreads(1).start();
    }

    private void startNode(GrpcLimits limits) throws Exception {
        nodeLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        grpc = GrpcStreamServer.start(nodeLoops, calls, limits, whoAmI());
        node = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM))
                .eventLoops(nodeLoops)
                .handle(GrpcStreamServer.PROTOCOL, grpc.streamHandler())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .start();
    }

    private static ServerServiceDefinition whoAmI() {
        return ServerServiceDefinition.builder(ServiceDescriptor.newBuilder("test.Caller").addMethod(WHO_AM_I).build())
                .addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall((request, response) -> {
                    PeerAddress caller = VerifiedCaller.current();
                    response.onNext(DescribeResponse.newBuilder().setNodeId(caller.peerId().toString()).build());
                    response.onCompleted();
                }))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        client.close();
        stopNode();
        calls.close();
    }

    private void stopNode() {
        node.close();
        grpc.close();
        nodeLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void restartNode(GrpcLimits limits) throws Exception {
        stopNode();
        startNode(limits);
    }

    private Connection dial() throws Exception {
        return client.dial(node.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
    }

    private GrpcStreamClient grpcTo(Connection connection) {
        GrpcStreamClient channel = GrpcStreamClient.open(connection, GrpcLimits.DEFAULT);
        closing.add(channel);
        return channel;
    }

    private static String whoAmI(GrpcStreamClient channel) {
        return ClientCalls.blockingUnaryCall(channel.channel(), WHO_AM_I, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                DescribeRequest.getDefaultInstance()).getNodeId();
    }

    @Test
    void theServiceSeesTheCallersProvenPeerId() throws Exception {
        GrpcStreamClient channel = grpcTo(dial());

        assertThat(whoAmI(channel)).isEqualTo(client.peerId().toString());
        assertThat(whoAmI(channel)).as("a second call on the same stream").isEqualTo(client.peerId().toString());
        assertThat(grpc.activeStreams()).isEqualTo(1);
    }

    @Test
    void manyCallsAtOnceShareOneStream() throws Exception {
        GrpcStreamClient channel = grpcTo(dial());
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> whoAmI(channel), calls));
        }

        for (CompletableFuture<String> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(client.peerId().toString());
        }
        assertThat(grpc.activeStreams()).isEqualTo(1);
    }

    @Test
    void eachClientIsItsOwnCaller() throws Exception {
        try (Libp2pHost other = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).ioThreads(1).start()) {
            Connection otherConnection = other.dial(node.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
            try (GrpcStreamClient otherChannel = GrpcStreamClient.open(otherConnection, GrpcLimits.DEFAULT)) {
                assertThat(whoAmI(otherChannel)).isEqualTo(other.peerId().toString());
                assertThat(whoAmI(grpcTo(dial()))).isEqualTo(client.peerId().toString());
            }
        }
    }

    @Test
    void closingTheClientClosesItsStreamButNotTheConnection() throws Exception {
        Connection connection = dial();
        GrpcStreamClient channel = GrpcStreamClient.open(connection, GrpcLimits.DEFAULT);
        whoAmI(channel);

        channel.close();

        awaitNoStreams();
        assertThat(connection.isOpen()).isTrue();
        assertThat(whoAmI(grpcTo(connection))).isEqualTo(client.peerId().toString());
    }

    @Test
    void garbageInsteadOfHttp2ClosesThatStreamAndTheNodeServesOn() throws Exception {
        Connection connection = dial();
        Channel stream = connection.openStream(GrpcStreamServer.PROTOCOL, s -> {}).get(5, TimeUnit.SECONDS);

        try (LogRecorder log = new LogRecorder()) {
            stream.writeAndFlush(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + "x".repeat(5000), StandardCharsets.US_ASCII));

            assertThat(stream.closeFuture().await(5, TimeUnit.SECONDS)).as("the node closes the stream").isTrue();
            awaitNoStreams();
            assertThat(log.warnings()).singleElement().asString()
                    .contains("closed /liop/grpc/1.0.0 stream from ").contains(client.peerId().toString())
                    .contains("not HTTP/2 (it began \"GET / HTTP/1.1\\x0d\\x0aHost: x");
        }
        assertThat(connection.isOpen()).as("the connection stays").isTrue();
        assertThat(Ping.ping(connection).get(5, TimeUnit.SECONDS)).isPositive();
        assertThat(whoAmI(grpcTo(connection))).isEqualTo(client.peerId().toString());
    }

    @Test
    void aSilentStreamIsClosedAfterTheHandshakeTimeout() throws Exception {
        restartNode(new GrpcLimits(1 << 20, 8, Duration.ofMillis(300)));
        Connection connection = dial();

        try (LogRecorder log = new LogRecorder()) {
            Channel stream = connection.openStream(GrpcStreamServer.PROTOCOL, s -> {}).get(5, TimeUnit.SECONDS);

            assertThat(stream.closeFuture().await(5, TimeUnit.SECONDS)).as("closed by the node").isTrue();
            awaitNoStreams();
            assertThat(connection.isOpen()).isTrue();
            awaitLog(log, "ended before the HTTP/2 preface", true);
            assertThat(log.warnings()).singleElement().asString().contains("ended before the HTTP/2 preface was complete (0 of 24 bytes");
        }
    }

    @Test
    void aMessageAboveTheLimitIsRefusedAndTheStreamServesOn() throws Exception {
        restartNode(new GrpcLimits(4096, 8, Duration.ofSeconds(5)));
        GrpcStreamClient channel = grpcTo(dial());
        DescribeRequest large = DescribeRequest.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(1000, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(new byte[10_000])).build())
                .build()).build();

        try (LogRecorder log = new LogRecorder()) {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel.channel(), WHO_AM_I, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), large))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
            assertThat(whoAmI(channel)).isEqualTo(client.peerId().toString());
            assertThat(log.warnings()).singleElement().asString()
                    .contains("gRPC call test.Caller/WhoAmI from ").contains(client.peerId().toString()).contains("refused").contains("4096");
        }
    }

    @Test
    void aPeerThatDoesNotServeGrpcFailsCallsWithUnavailable() throws Exception {
        try (Libp2pHost plain = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).start()) {
            Connection connection = client.dial(plain.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> whoAmI(grpcTo(connection)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void aStreamResetMidCallEndsThatCallAndOtherPeersAreServed() throws Exception {
        Connection connection = dial();
        Channel stream = connection.openStream(GrpcStreamServer.PROTOCOL, s -> s.pipeline().addLast("raw", new ChannelInboundHandlerAdapter()))
                .get(5, TimeUnit.SECONDS);
        ChannelHandlerContext raw = stream.pipeline().context("raw");
        DefaultHttp2FrameWriter frames = new DefaultHttp2FrameWriter();

        try (LogRecorder log = new LogRecorder()) {
            // A well-formed HTTP/2 start of a call whose request message never completes: 5 bytes of
            // gRPC framing announce 1000 bytes, 10 follow.
            stream.eventLoop().submit(() -> {
                raw.write(Http2CodecUtil.connectionPrefaceBuf());
                frames.writeSettings(raw, new Http2Settings(), raw.newPromise());
                frames.writeHeaders(raw, 1, new DefaultHttp2Headers().method("POST").scheme("http").path("/test.Caller/WhoAmI")
                        .authority("node").add("content-type", "application/grpc").add("te", "trailers"), 0, false, raw.newPromise());
                frames.writeData(raw, 1, Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, (byte) 232, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), 0, false, raw.newPromise());
                raw.flush();
            }).get(5, TimeUnit.SECONDS);
            awaitLog(log, "gRPC", false);
            assertThat(grpcLines(log)).as("the call is open, waiting for the rest of its message").isEmpty();

            stream.close().sync(); // the peer had not finished: a yamux RST

            awaitLog(log, "ended by the peer", true);
            assertThat(grpcLines(log)).singleElement().asString()
                    .startsWith("libp2p: gRPC call test.Caller/WhoAmI from ").contains(client.peerId().toString())
                    .contains("ended by the peer before its answer");
            assertThat(log.warnings()).as("a peer that gives up is no warning").isEmpty();
        }
        try (Libp2pHost other = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).ioThreads(1).start()) {
            Connection otherConnection = other.dial(node.listenAddresses().getFirst()).get(5, TimeUnit.SECONDS);
            try (GrpcStreamClient otherChannel = GrpcStreamClient.open(otherConnection, GrpcLimits.DEFAULT)) {
                assertThat(whoAmI(otherChannel)).isEqualTo(other.peerId().toString());
            }
        }
        assertThat(connection.isOpen()).as("the connection stays").isTrue();
        assertThat(whoAmI(grpcTo(connection))).isEqualTo(client.peerId().toString());
    }

    private static List<String> grpcLines(LogRecorder log) {
        return log.messages().stream().filter(m -> m.contains("gRPC") || m.contains("/liop/grpc")).toList();
    }

    private static void awaitLog(LogRecorder log, String gist, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(present ? 5 : 0) + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (present && log.messages().stream().anyMatch(m -> m.contains(gist))) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private void awaitNoStreams() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (grpc.activeStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(grpc.activeStreams()).isZero();
    }
}
