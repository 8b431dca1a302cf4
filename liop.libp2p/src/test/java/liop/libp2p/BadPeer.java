package liop.libp2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.multistream.MultistreamSelect;
import liop.libp2p.noise.NoiseHandler;
import liop.libp2p.noise.NoiseIdentity;

/**
 * A misbehaving peer: a plain TCP connection that writes whatever a test wants, either raw or
 * after an honest upgrade (multistream, Noise, yamux negotiated), so that the bytes it writes
 * reach exactly the layer under test. It never answers and drops what it reads.
 */
final class BadPeer implements AutoCloseable {

    final Channel channel;

    private BadPeer(Channel channel) {
        this.channel = channel;
    }

    /** Connected, nothing written yet. */
    static BadPeer raw(EventLoopGroup group, Multiaddr server) throws Exception {
        return new BadPeer(bootstrap(group, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new Discard());
            }
        }).connect(server.toSocketAddress()).sync().channel());
    }

    /** Secured with Noise and with yamux agreed: what it writes now goes to the server's yamux session. */
    static BadPeer multiplexed(EventLoopGroup group, Multiaddr server) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        NoiseIdentity identity = new NoiseIdentity(Ed25519KeyPair.generate(new SecureRandom()), new SecureRandom());
        Channel channel = bootstrap(group, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(MultistreamSelect.dialer("/noise", (ctx, noise) ->
                        ctx.pipeline().addAfter(ctx.name(), "noise", NoiseHandler.initiator(identity, server.peerId().orElseThrow(), (secured, peer) ->
                                secured.pipeline().addAfter(secured.name(), "muxer", MultistreamSelect.dialer("/yamux/1.0.0", (muxer, yamux) ->
                                        ready.complete(null)))))));
                channel.pipeline().addLast(new Discard());
            }
        }).connect(server.toSocketAddress()).sync().channel();
        ready.get(5, TimeUnit.SECONDS);
        return new BadPeer(channel);
    }

    private static Bootstrap bootstrap(EventLoopGroup group, ChannelInitializer<SocketChannel> initializer) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class).handler(initializer);
    }

    void write(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    void write(ByteBuf bytes) {
        channel.writeAndFlush(bytes).syncUninterruptibly();
    }

    /** True once the server has closed the connection. */
    boolean closedWithin(long millis) throws InterruptedException {
        return channel.closeFuture().await(millis);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
