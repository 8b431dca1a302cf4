package liop.libp2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.channel.socket.DuplexChannel;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import liop.libp2p.PeerAddress;
import liop.libp2p.wire.ProtocolException;

/**
 * One yamux stream as a Netty {@link io.netty.channel.Channel}, a child of the connection's
 * channel on the same event loop, so that any Netty stack (the application protocols here, an
 * HTTP/2 codec for gRPC) runs over it as over a socket.
 *
 * <ul>
 *   <li><b>Writes</b> become data frames of at most {@value #MAX_DATA_FRAME_BYTES} bytes, sent
 *       while the peer's window allows and the connection can take them; the rest waits in the
 *       channel's outbound buffer, so {@link #isWritable()} turns false and writers can back off.
 *   <li><b>Reads</b> follow Netty's model: with auto-read data is delivered as it arrives;
 *       without, on {@link #read()}. The peer gets window back only for what was delivered, so
 *       a reader that stops stops the sender after one window. The window starts at the
 *       configured size and doubles, up to its maximum, while the reader keeps up (see
 *       {@link #delivered}).
 *   <li><b>Half-close</b>: {@link #shutdownOutput()} sends FIN after the queued data; the peer's
 *       FIN arrives as {@link ChannelInputShutdownEvent} after its data.
 *   <li><b>Close</b> ends the stream: FIN if the peer has finished too, otherwise RST.
 * </ul>
 *
 * Its addresses are {@link PeerAddress}es carrying both peers' verified identities.
 */
public final class YamuxStreamChannel extends AbstractChannel implements DuplexChannel {

    /** Larger writes are cut into frames of this size (as js-libp2p does), so streams interleave. */
    static final int MAX_DATA_FRAME_BYTES = 64 * 1024;
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final YamuxSession session;
    private final int id;
    private final boolean outbound;
    private final ChannelConfig config;
    private final PeerAddress localAddress;
    private final PeerAddress remoteAddress;
    private final int maxWindowBytes;
    private int windowBytes; // the receive window granted now: starts at the configured size, grows
    private long windowGrowth; // windowBytes beyond the configured size, taken from the session's budget
    private boolean readerFellBehind; // data waited for the application since the last window update

    private long sendWindow = YamuxFrame.INITIAL_WINDOW_BYTES;
    private long receiveWindow;
    private int deliveredSinceWindowUpdate;

    private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
    private boolean readRequested;
    private boolean delivering;

    private boolean open = true;
    private boolean remoteFinished;
    private boolean inputShutdownFired;
    private boolean inputShutDownLocally;
    private boolean finPending;
    private boolean finSent;
    private ChannelPromise finPromise;
    private boolean resetByPeer;

    YamuxStreamChannel(YamuxSession session, int id, boolean outbound, int windowBytes, int maxWindowBytes,
            PeerAddress localAddress, PeerAddress remoteAddress) {
        super(session.channel());
        this.session = session;
        this.id = id;
        this.outbound = outbound;
        this.windowBytes = windowBytes;
        this.maxWindowBytes = maxWindowBytes;
        this.receiveWindow = windowBytes;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.config = new StreamConfig();
        config.setWriteBufferWaterMark(new WriteBufferWaterMark(windowBytes / 4, windowBytes));
    }

    /** The yamux stream id: odd when the dialling side opened it, even for the listening side. */
    public int streamId() {
        return id;
    }

    /** True when we opened this stream, false when the peer did. */
    public boolean isOutbound() {
        return outbound;
    }

    /** True when the peer reset the stream (RST) rather than finishing it. */
    public boolean isResetByPeer() {
        return resetByPeer;
    }

    @Override
    public PeerAddress localAddress() {
        return localAddress;
    }

    @Override
    public PeerAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    /** Streams live on their connection's event loop: all their state is confined to it. */
    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop == parent().eventLoop();
    }

    @Override
    protected SocketAddress localAddress0() {
        return localAddress;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remoteAddress;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a yamux stream cannot be bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        releaseInbound();
        session.releaseWindowGrowth(windowGrowth);
        windowGrowth = 0;
        session.streamClosed(this, remoteFinished, finSent, resetByPeer);
        if (finPromise != null) {
            finPromise.tryFailure(new ClosedChannelException());
        }
    }

    @Override
    protected void doBeginRead() {
        readRequested = true;
        deliverInbound();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) throws Exception {
        if (finPending || finSent) {
            throw new ChannelOutputShutdownException("yamux stream " + id + ": output was shut down");
        }
        if (!(msg instanceof ByteBuf)) {
            throw new UnsupportedOperationException("a yamux stream carries bytes, not " + msg.getClass().getName());
        }
        return msg;
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        try {
            Object msg;
            while ((msg = in.current()) != null) {
                ByteBuf bytes = (ByteBuf) msg;
                if (finSent) {
                    in.remove(new ChannelOutputShutdownException("yamux stream " + id + ": output was shut down"));
                } else if (!bytes.isReadable()) {
                    in.remove();
                } else if (sendWindow == 0 || !session.canWriteAfterFlush()) {
                    return; // a window update, or the connection draining, calls resumeWrites()
                } else {
                    int length = (int) Math.min(Math.min(bytes.readableBytes(), sendWindow), MAX_DATA_FRAME_BYTES);
                    session.writeData(id, bytes.readRetainedSlice(length));
                    sendWindow -= length;
                    if (!bytes.isReadable()) {
                        in.remove();
                    }
                }
            }
            if (finPending) {
                sendFin();
            }
        } finally {
            session.flush();
        }
    }

    /** Sends what waits in the outbound buffer, as far as the window and the connection allow. */
    void resumeWrites() {
        if (open) {
            ((StreamUnsafe) unsafe()).resume();
        }
    }

    // ---- frames from the session (on the event loop) ----

    void onData(ByteBuf data) throws ProtocolException {
        int length = data.readableBytes();
        if (remoteFinished) {
            throw new ProtocolException("yamux: data on stream " + id + " after its FIN");
        }
        if (length > receiveWindow) {
            throw new ProtocolException("yamux: stream " + id + " received a data frame of " + length
                    + " bytes with only " + receiveWindow + " bytes left in its receive window");
        }
        receiveWindow -= length;
        if (length == 0) {
            return;
        }
        if (!open || inputShutDownLocally) {
            delivered(length); // nobody reads it: give the window back at once
            return;
        }
        inbound.add(data.copy()); // the frame is a slice of the decoder's buffer, which must not stay pinned
        deliverInbound();
        if (!inbound.isEmpty()) {
            readerFellBehind = true;
        }
    }

    void onWindowUpdate(long delta) throws ProtocolException {
        if (sendWindow + delta > 0xFFFF_FFFFL) {
            throw new ProtocolException("yamux: window update of " + delta + " on stream " + id + " overflows its window");
        }
        boolean wasBlocked = sendWindow == 0;
        sendWindow += delta;
        if (wasBlocked && delta > 0) {
            resumeWrites();
        }
    }

    void onFin() {
        if (remoteFinished) {
            return;
        }
        remoteFinished = true;
        deliverInbound();
    }

    void onReset() {
        resetByPeer = true;
        releaseInbound();
        unsafe().close(voidPromise());
    }

    /** The connection is gone: the stream goes with it, without frames. */
    void onSessionClosed() {
        resetByPeer = true;
        releaseInbound();
        unsafe().close(voidPromise());
    }

    // ---- reading ----

    private void deliverInbound() {
        if (delivering) {
            return; // a handler read() from inside channelReadComplete: the loop below continues
        }
        delivering = true;
        try {
            while (readRequested && !inbound.isEmpty() && open) {
                readRequested = false;
                int bytes = 0;
                ByteBuf data;
                while ((data = inbound.poll()) != null) {
                    bytes += data.readableBytes();
                    pipeline().fireChannelRead(data);
                }
                delivered(bytes);
                pipeline().fireChannelReadComplete();
            }
            if (remoteFinished && inbound.isEmpty() && !inputShutdownFired && open) {
                inputShutdownFired = true;
                pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                closeIfFinished();
            }
        } finally {
            delivering = false;
        }
    }

    /**
     * Returns window to the peer once half of it has been read, in one update rather than many,
     * and grows the window when the reader kept up.
     *
     * <p>go- and js-libp2p's yamux double the window when half of it was used within a few
     * round trips. We have no round-trip estimate when a stream starts (our only pings are
     * keep-alives), so the rule here is deterministic: the window doubles, up to
     * maxWindowBytes and within the connection's growth budget, whenever half a window was
     * delivered without any of it waiting for the application. Such a reader holds nothing, so a
     * larger window only lets the sender fill the path; it costs memory only if the reader stops
     * later, and then at most the grown window, as before at most the initial one. A reader that
     * lets data wait (auto-read off, or a handler applying its own backpressure) never grows
     * the window, so a slow reader still holds the sender to the initial window. Windows never
     * shrink: yamux has no way to take back window already granted.
     */
    private void delivered(int bytes) {
        deliveredSinceWindowUpdate += bytes;
        if (!remoteFinished && open && deliveredSinceWindowUpdate >= windowBytes / 2) {
            long delta = deliveredSinceWindowUpdate;
            if (!readerFellBehind && !inputShutDownLocally && windowBytes < maxWindowBytes) {
                long growth = session.reserveWindowGrowth(Math.min(windowBytes, (long) maxWindowBytes - windowBytes));
                windowBytes += (int) growth;
                windowGrowth += growth;
                delta += growth;
            }
            readerFellBehind = false;
            session.writeWindowUpdate(id, delta);
            receiveWindow += delta;
            deliveredSinceWindowUpdate = 0;
            session.flush();
        }
    }

    /** The receive window granted to the peer now, grown or not. */
    int receiveWindowBytes() {
        return windowBytes;
    }

    private void releaseInbound() {
        ByteBuf data;
        while ((data = inbound.poll()) != null) {
            data.release();
        }
    }

    // ---- half-close ----

    private void sendFin() {
        finPending = false;
        finSent = true;
        session.writeFin(id);
        session.flush();
        if (finPromise != null) {
            finPromise.trySuccess();
            finPromise = null;
        }
        closeIfFinished();
    }

    private void closeIfFinished() {
        if (finSent && inputShutdownFired && open) {
            unsafe().close(voidPromise());
        }
    }

    @Override
    public boolean isInputShutdown() {
        return remoteFinished || inputShutDownLocally || !open;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    /** Stops delivering data; what arrives is dropped and its window returned, so the peer is not stalled. */
    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        onEventLoop(() -> {
            inputShutDownLocally = true;
            int dropped = inbound.stream().mapToInt(ByteBuf::readableBytes).sum();
            releaseInbound();
            delivered(dropped);
            promise.trySuccess();
        });
        return promise;
    }

    @Override
    public boolean isOutputShutdown() {
        return finPending || finSent || !open;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    /** Sends FIN once the data written (and flushed) before has gone out; the promise completes then. */
    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        onEventLoop(() -> {
            if (finSent) {
                promise.trySuccess();
            } else if (!open) {
                promise.tryFailure(new ClosedChannelException());
            } else if (finPending) {
                finPromise.addListener(f -> {
                    if (f.isSuccess()) {
                        promise.trySuccess();
                    } else {
                        promise.tryFailure(f.cause());
                    }
                });
            } else {
                finPending = true;
                finPromise = promise;
                ChannelOutboundBuffer buffer = unsafe().outboundBuffer();
                if (buffer == null || buffer.isEmpty()) {
                    sendFin();
                }
            }
        });
        return promise;
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        shutdownInput();
        return shutdownOutput(promise);
    }

    private void onEventLoop(Runnable task) {
        if (eventLoop().inEventLoop()) {
            task.run();
        } else {
            eventLoop().execute(task);
        }
    }

    @Override
    public String toString() {
        return "yamux stream " + Integer.toUnsignedString(id) + " with " + remoteAddress;
    }

    /** Clearing auto-read also drops a read already requested, as Netty's socket channels do. */
    private final class StreamConfig extends DefaultChannelConfig {
        StreamConfig() {
            super(YamuxStreamChannel.this);
        }

        @Override
        protected void autoReadCleared() {
            readRequested = false;
        }

        /**
         * SO_KEEPALIVE is taken and ignored: servers written for sockets (grpc-netty) set it on
         * every connection they accept, and a stream has yamux's own keep-alive (its pings).
         */
        @Override
        public <T> boolean setOption(ChannelOption<T> option, T value) {
            if (option == ChannelOption.SO_KEEPALIVE) {
                return true;
            }
            return super.setOption(option, value);
        }
    }

    private final class StreamUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("yamux streams are opened by their session, not connected"));
        }

        void resume() {
            flush0();
        }
    }
}
