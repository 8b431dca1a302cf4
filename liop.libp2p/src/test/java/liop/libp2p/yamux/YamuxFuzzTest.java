package liop.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import liop.libp2p.PeerAddress;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.fuzzing.FuzzSupport;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target: a yamux session (the listening side, small limits, streams that echo and finish)
 * on any bytes. It accepts them or refuses with a ProtocolException, never anything else, and
 * everything it writes back is well-formed yamux.
 *
 * <p>An input whose first byte is even is fed as it is, in two reads; an odd one is read as a
 * list of frames, 6 bytes each (type, flags, stream, two length bytes, payload fill), so that
 * most inputs get past the header checks and reach the session's stream logic.
 */
public class YamuxFuzzTest {

    private static final YamuxConfig CONFIG = new YamuxConfig(4, 4, YamuxFrame.INITIAL_WINDOW_BYTES, 4 * YamuxFrame.INITIAL_WINDOW_BYTES, 64 << 10, Duration.ofMinutes(1));
    private static final PeerAddress ADDRESS = new PeerAddress(
            PeerId.of(Ed25519KeyPair.fromSeed(new byte[32]).publicKey()), Multiaddr.parse("/ip4/127.0.0.1/tcp/1"));

    public static Stream<Arguments> seeds() {
        HexFormat hex = HexFormat.of();
        return Stream.of(
                FuzzSupport.seed("open-send-finish", hex.parseHex("00" + "000100010000000100000000" + "000000000000000100000003616263" + "000100040000000100000000")),
                FuzzSupport.seed("ping-and-go-away", hex.parseHex("00" + "00020001000000000000002a" + "000300000000000000000000")),
                FuzzSupport.seed("frames", hex.parseHex("01" + "010101000041" + "000001ffff42" + "010401000000" + "020100000007" + "010803000000")),
                FuzzSupport.seed("flood", hex.parseHex("01" + "010101000000" + "010103000000" + "010105000000" + "010107000000" + "010109000000" + "01010b000000")));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    public void frames(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxSession(false, CONFIG, ADDRESS, ADDRESS,
                stream -> stream.pipeline().addLast(new EchoUntilFinished())));
        byte[][] reads = input.length > 0 && (input[0] & 1) == 1
                ? new byte[][] {framesOf(input), new byte[0]}
                : FuzzSupport.splitByFirstByte(input);
        FuzzSupport.refusesOnlyAsProtocolError(() -> {
            channel.writeInbound(Unpooled.wrappedBuffer(reads[0]));
            if (channel.isOpen()) { // a go-away closes the session: what follows is never read
                channel.writeInbound(Unpooled.wrappedBuffer(reads[1]));
            }
            channel.runPendingTasks();
            channel.checkException();
        });
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            ByteBuf ours = written;
            assertThat(FuzzSupport.refusesOnlyAsProtocolError(() -> {
                while (YamuxFrameCodec.decode(ours, Integer.MAX_VALUE) != null) {
                    // every frame we write decodes
                }
                assertThat(ours.isReadable()).as("no partial frame written").isFalse();
            })).as("what the session writes is well formed").isTrue();
            written.release();
        }
        FuzzSupport.refusesOnlyAsProtocolError(channel::finishAndReleaseAll); // closing decodes what is left
    }

    /** Six input bytes per frame: type, flags, stream id, length (two bytes), payload fill. */
    private static byte[] framesOf(byte[] input) {
        ByteBuf frames = Unpooled.buffer();
        for (int i = 1; i + 6 <= input.length; i += 6) {
            int type = input[i] & 3;
            int flags = input[i + 1] & 15;
            int streamId = type >= YamuxFrame.TYPE_PING ? 0 : input[i + 2] & 0xFF;
            int length = ((input[i + 3] & 0xFF) << 8) | (input[i + 4] & 0xFF);
            YamuxFrameCodec.writeHeader(frames, type, flags, streamId, length);
            if (type == YamuxFrame.TYPE_DATA) {
                for (int j = 0; j < length; j++) {
                    frames.writeByte(input[i + 5]);
                }
            }
        }
        byte[] bytes = new byte[frames.readableBytes()];
        frames.readBytes(bytes);
        return bytes;
    }

    /** Writes back what it reads and finishes after the peer does: exercises windows and half-close. */
    private static final class EchoUntilFinished extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ((DuplexChannel) ctx.channel()).shutdownOutput();
            }
        }
    }

}
