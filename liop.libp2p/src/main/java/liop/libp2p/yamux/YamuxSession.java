package liop.libp2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import liop.libp2p.PeerAddress;
import liop.libp2p.wire.ProtocolException;

/**
 * A yamux session ({@code /yamux/1.0.0}) on a secured connection: decodes frames, keeps the
 * streams as {@link YamuxStreamChannel}s, answers and sends pings, and enforces the limits of
 * {@link YamuxConfig}. The dialling side ("client") opens odd stream ids, the listening side even.
 *
 * <p>A peer that breaks the protocol (a bad frame, data beyond the window, a stream id of the
 * wrong parity, too many streams, not reading what we send) gets a go-away with the protocol
 * error code, and the {@link ProtocolException} goes down the pipeline to whoever closes the
 * connection.
 */
public final class YamuxSession extends ByteToMessageDecoder {

    /** Sets up a stream the peer opened (typically: protocol negotiation), before it is registered. */
    @FunctionalInterface
    public interface StreamAcceptor {
        void accept(YamuxStreamChannel stream);
    }

    private final boolean client;
    private final YamuxConfig config;
    private final PeerAddress localAddress;
    private final PeerAddress remoteAddress;
    private final StreamAcceptor acceptor;
    private final IntObjectMap<YamuxStreamChannel> streams = new IntObjectHashMap<>();
    private ChannelHandlerContext ctx;
    private int nextStreamId;
    private int inboundStreams;
    private int outboundStreams;
    private int refusedSinceLastAccepted;
    private boolean goAwaySent;
    private boolean goAwayReceived;
    private ScheduledFuture<?> keepAlive;
    private int pingSent = -1; // the opaque value of the unanswered keep-alive ping, -1 for none
    private int pingCounter;
    private boolean unflushed;
    private long windowGrowthLeft; // of maxWindowBytes - windowBytes, shared by all streams


    public YamuxSession(boolean client, YamuxConfig config, PeerAddress localAddress, PeerAddress remoteAddress,
            StreamAcceptor acceptor) {
        this.client = client;
        this.config = config;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.acceptor = acceptor;
        this.nextStreamId = client ? 1 : 2;
        this.windowGrowthLeft = (long) config.maxWindowBytes() - config.windowBytes();
    }

    Channel channel() {
        return ctx.channel();
    }

    public int streamCount() {
        return streams.size();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long interval = config.keepAliveInterval().toMillis();
        keepAlive = ctx.executor().scheduleAtFixedRate(this::keepAlive, interval, interval, TimeUnit.MILLISECONDS);
    }

    // ---- opening streams ----

    /**
     * Opens a stream: {@code initializer} adds its handlers, then the stream is registered and the
     * peer told (SYN). Safe from any thread; the future completes on the event loop.
     */
    public Future<YamuxStreamChannel> openStream(Consumer<YamuxStreamChannel> initializer) {
        Promise<YamuxStreamChannel> promise = ctx.executor().newPromise();
        if (ctx.executor().inEventLoop()) {
            openStream(initializer, promise);
        } else {
            ctx.executor().execute(() -> openStream(initializer, promise));
        }
        return promise;
    }

    private void openStream(Consumer<YamuxStreamChannel> initializer, Promise<YamuxStreamChannel> promise) {
        if (!ctx.channel().isActive() || goAwaySent || goAwayReceived) {
            promise.setFailure(new IllegalStateException("the connection to " + remoteAddress + " is closing; open a new one"));
            return;
        }
        if (outboundStreams >= config.maxOutboundStreams()) {
            promise.setFailure(new IllegalStateException("already " + outboundStreams + " streams open to " + remoteAddress
                    + " (maxOutboundStreams); close some first"));
            return;
        }
        if (nextStreamId < 0) {
            promise.setFailure(new IllegalStateException("stream ids of the connection to " + remoteAddress + " are used up; open a new connection"));
            return;
        }
        int id = nextStreamId;
        nextStreamId += 2;
        YamuxStreamChannel stream = newStream(id, true);
        outboundStreams++;
        writeControl(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, extraWindow());
        flush();
        try {
            initializer.accept(stream);
        } catch (RuntimeException e) {
            stream.unsafe().closeForcibly();
            promise.setFailure(e);
            return;
        }
        register(stream).addListener(f -> {
            if (f.isSuccess()) {
                promise.trySuccess(stream);
            } else {
                promise.tryFailure(f.cause());
            }
        });
    }

    private YamuxStreamChannel newStream(int id, boolean outbound) {
        YamuxStreamChannel stream = new YamuxStreamChannel(this, id, outbound, config.windowBytes(), config.maxWindowBytes(), localAddress, remoteAddress);
        streams.put(id, stream);
        return stream;
    }

    private io.netty.channel.ChannelFuture register(YamuxStreamChannel stream) {
        return ctx.channel().eventLoop().register(stream);
    }

    /** Both sides start from 256 KiB; a larger window is granted with the SYN or ACK. */
    private long extraWindow() {
        return config.windowBytes() - YamuxFrame.INITIAL_WINDOW_BYTES;
    }

    // ---- reading frames ----

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes()); // closing: frames still buffered would open streams for nothing
            return;
        }
        YamuxFrame frame;
        while (!ctx.isRemoved() && (frame = YamuxFrameCodec.decode(in, config.windowBytes())) != null) {
            switch (frame.type()) {
                case YamuxFrame.TYPE_DATA, YamuxFrame.TYPE_WINDOW_UPDATE -> streamFrame(frame);
                case YamuxFrame.TYPE_PING -> ping(frame);
                default -> goAway(frame);
            }
        }
        if (unflushed) {
            flush(); // the answers to this batch of frames: ACKs, RSTs, pongs, window updates
        }
        requirePeerReads();
    }

    private void streamFrame(YamuxFrame frame) throws ProtocolException {
        int id = frame.streamId();
        if (frame.has(YamuxFrame.FLAG_SYN) && !accept(id)) {
            return;
        }
        YamuxStreamChannel stream = streams.get(id);
        if (stream == null) {
            return; // a stream we reset or closed; frames still in flight are dropped, as js-libp2p does
        }
        if (frame.type() == YamuxFrame.TYPE_DATA) {
            stream.onData(frame.data());
        } else {
            stream.onWindowUpdate(frame.length());
        }
        if (frame.has(YamuxFrame.FLAG_RST)) {
            stream.onReset();
        } else if (frame.has(YamuxFrame.FLAG_FIN)) {
            stream.onFin();
        }
    }

    /** A stream the peer opens; false if it was refused (reset). */
    private boolean accept(int id) throws ProtocolException {
        if ((id & 1) == (client ? 1 : 0)) {
            throw new ProtocolException("yamux: peer opened stream " + Integer.toUnsignedString(id)
                    + ", an id of our parity (" + (client ? "odd" : "even") + ")");
        }
        if (streams.containsKey(id)) {
            throw new ProtocolException("yamux: peer opened stream " + Integer.toUnsignedString(id) + " twice");
        }
        if (goAwaySent) {
            writeControl(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
            return false;
        }
        if (inboundStreams >= config.maxInboundStreams()) {
            // A peer may race past the limit now and then; one that keeps going is flooding.
            if (++refusedSinceLastAccepted > config.maxInboundStreams()) {
                throw new ProtocolException("yamux: stream flood, peer opened " + refusedSinceLastAccepted
                        + " streams beyond the limit of " + config.maxInboundStreams() + " open streams");
            }
            writeControl(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
            return false;
        }
        refusedSinceLastAccepted = 0;
        inboundStreams++;
        YamuxStreamChannel stream = newStream(id, false);
        writeControl(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, id, extraWindow());
        acceptor.accept(stream);
        register(stream);
        return true;
    }

    private void ping(YamuxFrame frame) {
        if (frame.has(YamuxFrame.FLAG_SYN)) {
            writeControl(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, frame.length());
        } else if (frame.has(YamuxFrame.FLAG_ACK) && frame.length() == Integer.toUnsignedLong(pingSent)) {
            pingSent = -1;
        }
    }

    private void goAway(YamuxFrame frame) {
        goAwayReceived = true;
        if (frame.length() != YamuxFrame.GO_AWAY_NORMAL || streams.isEmpty()) {
            ctx.close();
        }
    }

    /** Control frames answer the peer's frames; a peer that sends but never reads must not grow our buffers. */
    private void requirePeerReads() throws ProtocolException {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        if (pending > config.maxBufferedBytes()) {
            throw new ProtocolException("yamux: peer does not read, " + pending + " bytes wait to be sent (limit " + config.maxBufferedBytes() + ")");
        }
    }

    // ---- writing frames (streams call these on the event loop) ----

    /**
     * Whether the connection takes more data now. Frames written but not yet flushed count against
     * its buffer, so those are flushed first: a connection that drains at once stays writable.
     */
    boolean canWriteAfterFlush() {
        if (!ctx.channel().isWritable() && unflushed) {
            flush();
        }
        return ctx.channel().isWritable();
    }

    void writeData(int id, ByteBuf data) {
        ByteBuf header = YamuxFrameCodec.header(ctx.alloc(), YamuxFrame.TYPE_DATA, 0, id, data.readableBytes());
        ctx.write(Unpooled.wrappedBuffer(header, data));
        unflushed = true;
    }

    void writeWindowUpdate(int id, long delta) {
        writeControl(YamuxFrame.TYPE_WINDOW_UPDATE, 0, id, delta);
    }

    void writeFin(int id) {
        writeControl(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_FIN, id, 0);
    }

    private void writeControl(int type, int flags, int id, long length) {
        ctx.write(YamuxFrameCodec.header(ctx.alloc(), type, flags, id, length));
        unflushed = true;
    }

    void flush() {
        unflushed = false;
        ctx.flush();
    }

    /**
     * Takes up to {@code bytes} of window growth from the connection's budget, so that all streams
     * together hold at most maxWindowBytes beyond their initial windows; returns what was granted.
     */
    long reserveWindowGrowth(long bytes) {
        long granted = Math.max(0, Math.min(bytes, windowGrowthLeft));
        windowGrowthLeft -= granted;
        return granted;
    }

    /** A closed stream's window growth goes back to the budget: the peer may no longer send on it. */
    void releaseWindowGrowth(long bytes) {
        windowGrowthLeft += bytes;
    }

    /** A stream closed by its application: FIN if the peer has finished, RST if it still may send. */
    void streamClosed(YamuxStreamChannel stream, boolean remoteFinished, boolean finSent, boolean resetByPeer) {
        if (streams.remove(stream.streamId()) == null) {
            return;
        }
        if (stream.isOutbound()) {
            outboundStreams--;
        } else {
            inboundStreams--;
        }
        if (!resetByPeer && ctx.channel().isActive()) {
            if (!remoteFinished) {
                writeControl(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, stream.streamId(), 0);
                flush();
            } else if (!finSent) {
                writeFin(stream.streamId());
                flush();
            }
        }
        if (goAwayReceived && streams.isEmpty()) {
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            for (YamuxStreamChannel stream : new ArrayList<>(streams.values())) {
                stream.resumeWrites();
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    // ---- keep-alive and ending ----

    private void keepAlive() {
        if (pingSent != -1) {
            ctx.fireExceptionCaught(new ProtocolException("yamux: keep-alive ping unanswered for "
                    + config.keepAliveInterval().toSeconds() + " s, the peer is gone"));
            return;
        }
        pingSent = (++pingCounter) & 0x7FFF_FFFF;
        writeControl(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, pingSent);
        flush();
    }

    /** Tells the peer we are going away, then closes the connection. */
    public void close() {
        ctx.executor().execute(() -> {
            sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        });
    }

    private void sendGoAway(int code) {
        if (!goAwaySent && ctx.channel().isActive()) {
            goAwaySent = true;
            writeControl(YamuxFrame.TYPE_GO_AWAY, 0, 0, code);
            flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        sendGoAway(reason instanceof ProtocolException ? YamuxFrame.GO_AWAY_PROTOCOL_ERROR : YamuxFrame.GO_AWAY_INTERNAL_ERROR);
        ctx.fireExceptionCaught(reason);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endStreams();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        endStreams();
    }

    private void endStreams() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        for (YamuxStreamChannel stream : new ArrayList<>(streams.values())) {
            stream.onSessionClosed();
        }
    }
}
