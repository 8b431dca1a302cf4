package liop.libp2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtocolException;

/**
 * Secures a connection with libp2p Noise: runs the XX handshake over length-prefixed frames,
 * proves both identities, then encrypts what is written and decrypts what is read for the rest of
 * the connection.
 *
 * <p>Writes are coalesced until flush and cut into frames of at most {@value
 * NoiseFrames#MAX_PLAINTEXT_BYTES} bytes, so many small yamux frames cost one encryption. Inbound
 * bytes are buffered up to one frame (65537 bytes).
 */
public final class NoiseHandler extends ChannelDuplexHandler {

    /** Called on the event loop once the peer is proven; installs what runs over the secured channel. */
    @FunctionalInterface
    public interface Secured {
        void secured(ChannelHandlerContext ctx, PeerId remotePeer) throws Exception;
    }

    private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

    private final NoiseIdentity identity;
    private final boolean initiator;
    private final PeerId expectedPeer;
    private final Secured secured;
    private XXHandshake handshake;
    private CipherState sender;
    private CipherState receiver;
    private ByteBuf inbound;
    private CoalescingBufferQueue outbound;
    private boolean messageASent; // initiator
    private boolean messageAReceived; // responder
    private boolean failed;

    private NoiseHandler(NoiseIdentity identity, boolean initiator, PeerId expectedPeer, Secured secured) {
        this.identity = identity;
        this.initiator = initiator;
        this.expectedPeer = expectedPeer;
        this.secured = secured;
    }

    /** The dialling side; the peer must prove to be {@code expectedPeer}. */
    public static NoiseHandler initiator(NoiseIdentity identity, PeerId expectedPeer, Secured secured) {
        return new NoiseHandler(identity, true, expectedPeer, secured);
    }

    public static NoiseHandler responder(NoiseIdentity identity, Secured secured) {
        return new NoiseHandler(identity, false, null, secured);
    }

    /** A handler past its handshake with the given ciphers: the transport phase alone, for tests and fuzzing. */
    static NoiseHandler secured(CipherState sender, CipherState receiver) {
        NoiseHandler handler = new NoiseHandler(null, false, null, (ctx, peer) -> {});
        handler.sender = sender;
        handler.receiver = receiver;
        return handler;
    }

    public boolean isSecured() {
        return sender != null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        outbound = new CoalescingBufferQueue(ctx.channel());
        if (isSecured()) {
            return;
        }
        handshake = initiator
                ? XXHandshake.initiator(identity.staticKey(), identity.newEphemeralKey())
                : XXHandshake.responder(identity.staticKey(), identity.newEphemeralKey());
        if (ctx.channel().isActive()) {
            sendMessageA(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sendMessageA(ctx);
        ctx.fireChannelActive();
    }

    private void sendMessageA(ChannelHandlerContext ctx) {
        if (initiator && !messageASent && handshake != null) {
            messageASent = true;
            writeFrame(ctx, handshake.writeMessageA());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf bytes) || failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbound = inbound == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), inbound, bytes);
        try {
            ByteBuf frame;
            while (inbound != null && (frame = NoiseFrames.read(inbound)) != null) {
                if (isSecured()) {
                    ctx.fireChannelRead(decrypt(ctx, frame));
                } else {
                    handshakeMessage(ctx, frame);
                }
            }
        } catch (Exception e) {
            failed = true;
            throw e;
        } finally {
            if (inbound != null && !inbound.isReadable()) {
                inbound.release();
                inbound = null;
            } else if (inbound != null) {
                inbound.discardSomeReadBytes();
            }
        }
    }

    private void handshakeMessage(ChannelHandlerContext ctx, ByteBuf frame) throws Exception {
        byte[] message = new byte[frame.readableBytes()];
        frame.readBytes(message);
        if (!initiator && !messageAReceived) { // responder, message A
            messageAReceived = true;
            handshake.readMessageA(message);
            writeFrame(ctx, handshake.writeMessageB(identity.payload()));
        } else if (initiator) { // initiator, message B
            PeerId remote = HandshakePayload.decode(handshake.readMessageB(message)).verify(handshake.remoteStaticKey());
            if (expectedPeer != null && !expectedPeer.equals(remote)) {
                throw new UnexpectedPeerException(expectedPeer, remote); // before we prove who we are
            }
            writeFrame(ctx, handshake.writeMessageC(identity.payload()));
            complete(ctx, remote);
        } else { // responder, message C
            PeerId remote = HandshakePayload.decode(handshake.readMessageC(message)).verify(handshake.remoteStaticKey());
            complete(ctx, remote);
        }
    }

    private void complete(ChannelHandlerContext ctx, PeerId remote) throws Exception {
        XXHandshake.TransportCiphers ciphers = handshake.split();
        sender = ciphers.sender();
        receiver = ciphers.receiver();
        handshake = null;
        secured.secured(ctx, remote);
    }

    private ByteBuf decrypt(ChannelHandlerContext ctx, ByteBuf frame) throws ProtocolException {
        int length = frame.readableBytes() - CipherState.TAG_BYTES;
        if (length < 0) {
            throw new ProtocolException("noise: encrypted frame of " + frame.readableBytes() + " bytes is shorter than its tag");
        }
        ByteBuf plaintext = ctx.alloc().buffer(length);
        try {
            receiver.decrypt(NO_ASSOCIATED_DATA, frame.nioBuffer(), plaintext.nioBuffer(0, length));
            plaintext.writerIndex(length);
            return plaintext;
        } catch (ProtocolException | RuntimeException e) {
            plaintext.release();
            throw e;
        }
    }

    private static void writeFrame(ChannelHandlerContext ctx, byte[] message) {
        ByteBuf frame = ctx.alloc().buffer(NoiseFrames.LENGTH_BYTES + message.length);
        NoiseFrames.writeLength(frame, message.length);
        frame.writeBytes(message);
        ctx.writeAndFlush(frame);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new UnsupportedOperationException("noise: only bytes can be written, not " + msg.getClass().getName()));
        } else if (!isSecured()) {
            bytes.release();
            promise.setFailure(new IllegalStateException("noise: write before the handshake completed"));
        } else {
            outbound.add(bytes, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        while (outbound != null && !outbound.isEmpty()) {
            ChannelPromise promise = ctx.newPromise();
            ByteBuf plaintext = outbound.remove(ctx.alloc(), NoiseFrames.MAX_PLAINTEXT_BYTES, promise);
            ctx.write(encrypt(ctx, plaintext), promise);
        }
        ctx.flush();
    }

    private ByteBuf encrypt(ChannelHandlerContext ctx, ByteBuf plaintext) {
        try {
            int length = plaintext.readableBytes() + CipherState.TAG_BYTES;
            ByteBuf frame = ctx.alloc().buffer(NoiseFrames.LENGTH_BYTES + length);
            NoiseFrames.writeLength(frame, length);
            ByteBuffer target = frame.nioBuffer(NoiseFrames.LENGTH_BYTES, length);
            sender.encrypt(NO_ASSOCIATED_DATA, plaintext.nioBuffer(), target);
            frame.writerIndex(NoiseFrames.LENGTH_BYTES + length);
            return frame;
        } finally {
            plaintext.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBuffers(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBuffers(new ClosedChannelException());
    }

    private void releaseBuffers(Throwable cause) {
        if (inbound != null) {
            inbound.release();
            inbound = null;
        }
        if (outbound != null) {
            outbound.releaseAndFailAll(cause);
        }
    }
}
