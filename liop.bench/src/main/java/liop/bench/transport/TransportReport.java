package liop.bench.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.WasmEngine;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.chicory.ExecutionMode;
import liop.libp2p.Connection;
import liop.libp2p.Libp2pHost;
import liop.libp2p.Libp2pLimits;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.datanode.DataNodeClient;
import liop.libp2p.datanode.DataNodeEndpoint;
import liop.libp2p.datanode.DataNodeGrpc;
import liop.libp2p.datanode.DataNodeService;
import liop.libp2p.datanode.WireMapping;
import liop.libp2p.grpc.GrpcLimits;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.protocol.Ping;
import liop.node.DatasetCatalog;
import liop.node.NodeSettings;
import liop.node.Pipeline;
import liop.node.manifest.Grants;
import liop.node.policy.NodePolicy;
import liop.node.policy.Policies;

/**
 * The transport benchmark (docs/transport-benchmarks.md): side by side in one run, with ratios,
 *
 * <ol>
 *   <li>round-trip latency of a small Execute (the hello guest, cached by the node, named by its
 *       SHA-256 alone) over libp2p (gRPC inside a yamux stream, Noise, TCP) vs plain grpc-java on
 *       loopback HTTP/2 (grpc-netty over TCP, no encryption), both calling the same pipeline;
 *   <li>ping round trips (a new stream each, 32 bytes there and back), Java↔Java vs js↔js
 *       (js-libp2p, two peers in one Node process, from liop.libp2p/src/test/js/bench.mjs);
 *   <li>1 MiB transfers through one yamux stream until the receiver's 1-byte ack, Java↔Java vs js↔js.
 * </ol>
 *
 * Everything on loopback, in one process per side. Prints a Markdown table.
 *
 * <pre>
 * java -cp liop.bench/target/benchmarks.jar liop.bench.transport.TransportReport [CALLS [PINGS [TRANSFERS]]]
 * </pre>
 */
public final class TransportReport {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SINK = "/liop/bench/sink/1.0.0";
    private static final int MIB = 1 << 20;
    /** Held so that the levels set here stay set (java.util.logging keeps loggers weakly). */
    private static final List<Logger> QUIET = new ArrayList<>();

    private TransportReport() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int pings = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int transfers = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path jsDir = Path.of(System.getProperty("liop.js.dir", "liop.libp2p/src/test/js"));
        for (String name : List.of("liop.node", "io.grpc", "liop.libp2p")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIET.add(logger);
        }

        System.err.printf(Locale.ROOT, "transport benchmark: %,d Execute calls per transport, %,d pings, %,d transfers of 1 MiB per side%n", calls, pings, transfers);
        Stats[] execute = executeRoundTrips(calls);
        Stats javaPing = javaPings(pings);
        Stats javaTransfer = javaTransfers(transfers);
        Optional<JsResults> js = jsBench(jsDir, pings, transfers);

        StringBuilder table = new StringBuilder();
        table.append("| measure | libp2p, Java | baseline | libp2p / baseline |\n|---|---|---|---|\n");
        row(table, "Execute round trip, cached `hello` (µs)", execute[0], "plain gRPC over loopback HTTP/2: " + execute[1].summary(), execute[0].median / execute[1].median);
        if (js.isPresent()) {
            row(table, "ping round trip, new stream each (µs)", javaPing, "js↔js: " + js.get().ping.summary(), javaPing.median / js.get().ping.median);
            table.append(String.format(Locale.ROOT, "| 1 MiB through one yamux stream, until acked (µs) | %s (%.0f MiB/s) | js↔js: %s (%.0f MiB/s) | %.2f |%n",
                    javaTransfer.summary(), 1e6 / javaTransfer.median, js.get().transfer.summary(), 1e6 / js.get().transfer.median,
                    javaTransfer.median / js.get().transfer.median));
        } else {
            row(table, "ping round trip, new stream each (µs)", javaPing, "js↔js: not run (see above)", Double.NaN);
            table.append(String.format(Locale.ROOT, "| 1 MiB through one yamux stream, until acked (µs) | %s (%.0f MiB/s) | js↔js: not run | |%n",
                    javaTransfer.summary(), 1e6 / javaTransfer.median));
        }
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println("Cells: median / p90 / p99 of n samples. Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + js.map(r -> "; js-libp2p " + r.versions).orElse(""));
    }

    private static void row(StringBuilder table, String measure, Stats libp2p, String baseline, double ratio) {
        table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f |%n", measure, libp2p.summary(), baseline, ratio));
    }

    // ---- 1. Execute over libp2p vs plain gRPC ----

    private static Stats[] executeRoundTrips(int calls) throws Exception {
        WasmEngine chicory = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 16);
        Pipeline pipeline = pipeline(chicory);
        DataNode node = pipeline.asDataNode();
        byte[] hello = guest("hello");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hello));
        LogicRequest byHash = new LogicRequest(new byte[0], sha256, null, List.of(), "");
        ExecutorService callThreads = Executors.newVirtualThreadPerTaskExecutor();
        try (DataNodeEndpoint endpoint = DataNodeEndpoint.start(Ed25519KeyPair.generate(RANDOM), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                        Libp2pLimits.DEFAULT, GrpcLimits.DEFAULT, () -> Optional.of(node));
                DataNodeClient libp2p = DataNodeClient.connect(endpoint.listenAddresses().getFirst(), Ed25519KeyPair.generate(RANDOM), Duration.ofSeconds(30))) {
            DataNodeService plainService = new DataNodeService(() -> Optional.of(node), () -> new AgentIdentity(AgentIdentity.PEER, "plain-grpc-bench"), "plain");
            Server plain = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).executor(callThreads)
                    .addService(plainService.definition()).build().start();
            ManagedChannel plainChannel = NettyChannelBuilder.forAddress("127.0.0.1", plain.getPort()).usePlaintext().build();
            try {
                require(libp2p.execute(LogicRequest.of(hello)), "upload over libp2p");
                LongSupplier overLibp2p = () -> timed(() -> require(libp2p.call(byHash), "libp2p"));
                liop.api.wire.v1.LogicRequest wire = WireMapping.toWire(byHash);
                LongSupplier overPlain = () -> timed(() -> require(WireMapping.fromWire(
                        ClientCalls.blockingUnaryCall(plainChannel, DataNodeGrpc.EXECUTE, CallOptions.DEFAULT, wire)), "plain gRPC"));
                return interleaved(calls, overLibp2p, overPlain);
            } finally {
                plainChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            callThreads.close();
            pipeline.close();
        }
    }

    /** Warm-up, then rounds that alternate between the two, so that neither gets the quieter machine. */
    private static Stats[] interleaved(int calls, LongSupplier first, LongSupplier second) {
        int warmUp = Math.max(500, calls / 5);
        for (int i = 0; i < warmUp; i++) {
            first.getAsLong();
            second.getAsLong();
        }
        long[] a = new long[calls];
        long[] b = new long[calls];
        int rounds = 10;
        int perRound = calls / rounds;
        for (int round = 0; round < rounds; round++) {
            for (int i = round * perRound; i < (round + 1) * perRound; i++) {
                a[i] = first.getAsLong();
            }
            for (int i = round * perRound; i < (round + 1) * perRound; i++) {
                b[i] = second.getAsLong();
            }
        }
        return new Stats[] {Stats.ofNanos(java.util.Arrays.copyOf(a, rounds * perRound)), Stats.ofNanos(java.util.Arrays.copyOf(b, rounds * perRound))};
    }

    private static LogicResult require(LogicResult result, String where) {
        if (result.status() != ExecutionStatus.OK) {
            throw new IllegalStateException(where + ": " + result.status() + " " + result.error());
        }
        return result;
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    // ---- 2. and 3. ping and 1 MiB transfers, Java↔Java ----

    private static Stats javaPings(int pings) throws Exception {
        try (Libp2pHost a = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).ioThreads(1).start();
                Libp2pHost b = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).ioThreads(1).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).start()) {
            Connection connection = a.dial(b.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < Math.max(200, pings / 5); i++) {
                Ping.ping(connection).get(10, TimeUnit.SECONDS);
            }
            long[] samples = new long[pings];
            for (int i = 0; i < pings; i++) {
                long start = System.nanoTime();
                Ping.ping(connection).get(10, TimeUnit.SECONDS);
                samples[i] = System.nanoTime() - start;
            }
            return Stats.ofNanos(samples);
        }
    }

    private static Stats javaTransfers(int transfers) throws Exception {
        try (Libp2pHost a = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).ioThreads(1).start();
                Libp2pHost b = Libp2pHost.builder(Ed25519KeyPair.generate(RANDOM)).ioThreads(1).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                        .handle(SINK, stream -> stream.pipeline().addLast(new Sink())).start()) {
            Connection connection = a.dial(b.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
            BlockingQueue<Integer> acks = new LinkedBlockingQueue<>();
            Channel stream = connection.openStream(SINK, s -> s.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf bytes = (ByteBuf) msg;
                    try {
                        for (int i = 0; i < bytes.readableBytes(); i++) {
                            acks.add(1);
                        }
                    } finally {
                        bytes.release();
                    }
                }
            })).get(10, TimeUnit.SECONDS);
            ByteBuf block = Unpooled.unreleasableBuffer(Unpooled.directBuffer(MIB).writeZero(MIB));
            for (int i = 0; i < Math.max(20, transfers / 5); i++) {
                transfer(stream, block, acks);
            }
            long[] samples = new long[transfers];
            for (int i = 0; i < transfers; i++) {
                samples[i] = transfer(stream, block, acks);
            }
            stream.close();
            return Stats.ofNanos(samples);
        }
    }

    private static long transfer(Channel stream, ByteBuf block, BlockingQueue<Integer> acks) throws InterruptedException {
        long start = System.nanoTime();
        stream.writeAndFlush(block.duplicate());
        if (acks.poll(30, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("no ack for 1 MiB within 30 s");
        }
        return System.nanoTime() - start;
    }

    /** Reads everything, answers one byte per MiB. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        private long count;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                count += bytes.readableBytes();
            }
            ReferenceCountUtil.release(msg);
            while (count >= MIB) {
                count -= MIB;
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
            }
        }
    }

    // ---- js↔js ----

    private record JsResults(Stats ping, Stats transfer, String versions) {}

    private static Optional<JsResults> jsBench(Path jsDir, int pings, int transfers) throws Exception {
        if (!Files.isDirectory(jsDir.resolve("node_modules"))) {
            System.err.println("js-libp2p is not installed in " + jsDir.toAbsolutePath() + ": run `npm ci` there (or build liop.libp2p with its tests once); js rows skipped");
            return Optional.empty();
        }
        // js warms up inside the same run: its first fifth is dropped below, as the Java side drops its warm-up.
        int jsPings = pings + Math.max(200, pings / 5);
        int jsTransfers = transfers + Math.max(20, transfers / 5);
        Process node = new ProcessBuilder("node", "bench.mjs", String.valueOf(jsPings), String.valueOf(jsTransfers))
                .directory(jsDir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(10, TimeUnit.MINUTES) || node.exitValue() != 0) {
            throw new IOException("node bench.mjs failed (exit " + node.exitValue() + "): " + output);
        }
        JsonNode json = new ObjectMapper().readTree(output);
        return Optional.of(new JsResults(
                Stats.ofMicros(tail(json.get("pingMicros"), pings)),
                Stats.ofMicros(tail(json.get("transferMicros"), transfers)),
                json.get("versions").toString()));
    }

    private static double[] tail(JsonNode values, int count) {
        double[] tail = new double[count];
        int skip = values.size() - count;
        for (int i = 0; i < count; i++) {
            tail[i] = values.get(skip + i).asDouble();
        }
        return tail;
    }

    // ---- the node ----

    private static Pipeline pipeline(WasmEngine engine) {
        Pipeline.Engines engines = Pipeline.Engines.only(engine);
        DatasetCatalog none = DatasetCatalog.none();
        return new Pipeline(NodeSettings.DEFAULT, engines, none, () -> Grants.NONE, List::of, Policies.inMemory(NodePolicy.withoutNoise()));
    }

    private static byte[] guest(String name) throws IOException {
        try (InputStream in = TransportReport.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            if (in == null) {
                throw new IOException("guest " + name + " is not on the class path (io.liop:guests)");
            }
            return in.readAllBytes();
        }
    }

    /** Percentiles of one measurement, in microseconds. */
    record Stats(int n, double median, double p90, double p99) {
        static Stats ofNanos(long[] nanos) {
            double[] micros = new double[nanos.length];
            for (int i = 0; i < nanos.length; i++) {
                micros[i] = nanos[i] / 1000.0;
            }
            return ofMicros(micros);
        }

        static Stats ofMicros(double[] micros) {
            double[] sorted = micros.clone();
            java.util.Arrays.sort(sorted);
            return new Stats(sorted.length, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99));
        }

        private static double at(double[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
        }

        String summary() {
            return String.format(Locale.ROOT, "%,.0f / %,.0f / %,.0f (n=%,d)", median, p90, p99, n);
        }
    }
}
