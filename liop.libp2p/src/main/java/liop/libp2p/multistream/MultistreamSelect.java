package liop.libp2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Set;
import liop.libp2p.wire.ProtocolException;

/**
 * Negotiates one protocol with multistream-select 1.0 on whatever channel it sits in (a TCP
 * connection before and after Noise, or a yamux stream), then steps aside: the {@link Selected}
 * callback installs what speaks the protocol after this handler, this handler removes itself and
 * the bytes that followed the negotiation go on to the new handlers.
 *
 * <p>The dialer sends the header and its proposal at once and expects both echoed; the listener
 * expects the header first, answers {@value MultistreamCodec#NOT_AVAILABLE} to what it does not
 * speak and gives up after {@value #MAX_REFUSED_PROPOSALS} refusals.
 */
public final class MultistreamSelect extends ByteToMessageDecoder {

    /** Called on the event loop once the protocol is agreed; installs the handlers that speak it. */
    @FunctionalInterface
    public interface Selected {
        void selected(ChannelHandlerContext ctx, String protocol) throws Exception;
    }

    static final int MAX_REFUSED_PROPOSALS = 16;

    private final String proposal; // the dialer's, null for a listener
    private final Set<String> supported; // the listener's
    private final Selected selected;
    private boolean headerSeen;
    private boolean proposalSent;
    private int refused;

    private MultistreamSelect(String proposal, Set<String> supported, Selected selected) {
        this.proposal = proposal;
        this.supported = supported;
        this.selected = selected;
    }

    /** Proposes {@code protocol}; a refusal fails the channel with {@link ProtocolNotSupportedException}. */
    public static MultistreamSelect dialer(String protocol, Selected selected) {
        return new MultistreamSelect(protocol, Set.of(), selected);
    }

    /** Accepts the first proposal that is one of {@code protocols}. */
    public static MultistreamSelect listener(Set<String> protocols, Selected selected) {
        return new MultistreamSelect(null, Set.copyOf(protocols), selected);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendProposal(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendProposal(ctx);
        super.channelActive(ctx);
    }

    private void sendProposal(ChannelHandlerContext ctx) {
        if (proposal == null || proposalSent) {
            return;
        }
        proposalSent = true;
        ByteBuf out = ctx.alloc().buffer();
        MultistreamCodec.write(out, MultistreamCodec.PROTOCOL_ID);
        MultistreamCodec.write(out, proposal);
        ctx.writeAndFlush(out);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        String message;
        while (!ctx.isRemoved() && (message = MultistreamCodec.read(in)) != null) {
            if (!headerSeen) {
                if (!message.equals(MultistreamCodec.PROTOCOL_ID)) {
                    throw new ProtocolException("multistream: expected " + MultistreamCodec.PROTOCOL_ID + " first, got '" + message + "'");
                }
                headerSeen = true;
                if (proposal == null) {
                    reply(ctx, MultistreamCodec.PROTOCOL_ID);
                }
            } else if (proposal != null) {
                answered(ctx, message);
            } else {
                proposed(ctx, message);
            }
        }
    }

    private void answered(ChannelHandlerContext ctx, String answer) throws Exception {
        if (answer.equals(proposal)) {
            finish(ctx, proposal);
        } else if (answer.equals(MultistreamCodec.NOT_AVAILABLE)) {
            throw new ProtocolNotSupportedException(proposal);
        } else {
            throw new ProtocolException("multistream: proposed " + proposal + ", got '" + answer + "'");
        }
    }

    private void proposed(ChannelHandlerContext ctx, String protocol) throws Exception {
        if (supported.contains(protocol)) {
            reply(ctx, protocol);
            finish(ctx, protocol);
        } else if (++refused > MAX_REFUSED_PROPOSALS) {
            throw new ProtocolException("multistream: peer proposed " + refused + " protocols we do not speak");
        } else {
            reply(ctx, MultistreamCodec.NOT_AVAILABLE);
        }
    }

    private void reply(ChannelHandlerContext ctx, String message) {
        ByteBuf out = ctx.alloc().buffer();
        MultistreamCodec.write(out, message);
        ctx.writeAndFlush(out);
    }

    /** The next handlers go in first, so that the bytes following the negotiation reach them. */
    private void finish(ChannelHandlerContext ctx, String protocol) throws Exception {
        selected.selected(ctx, protocol);
        ctx.pipeline().remove(this);
    }
}
