package liop.libp2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;

class MultistreamSelectTest {

    private final List<String> selected = new ArrayList<>();

    @Test
    void theDialerProposesAtOnceAndStepsAsideOnceEchoed() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(MultistreamSelect.dialer("/noise", (ctx, protocol) -> selected.add(protocol)));
        assertThat(messages(channel.readOutbound())).containsExactly("/multistream/1.0.0", "/noise");

        ByteBuf answer = frames("/multistream/1.0.0", "/noise");
        answer.writeBytes("after".getBytes(StandardCharsets.UTF_8));
        channel.writeInbound(answer);

        assertThat(selected).containsExactly("/noise");
        assertThat(channel.pipeline().get(MultistreamSelect.class)).isNull();
        ByteBuf rest = channel.readInbound();
        assertThat(rest.toString(StandardCharsets.UTF_8)).isEqualTo("after"); // what followed reaches the next handler
        rest.release();
    }

    @Test
    void theDialerFailsWhenThePeerDoesNotSpeakTheProtocol() {
        EmbeddedChannel channel = new EmbeddedChannel(MultistreamSelect.dialer("/noise", (ctx, protocol) -> selected.add(protocol)));
        assertThatThrownBy(() -> channel.writeInbound(frames("/multistream/1.0.0", "na")))
                .isInstanceOf(DecoderException.class).hasCauseInstanceOf(ProtocolNotSupportedException.class)
                .hasMessageContaining("does not speak /noise");
        assertThat(selected).isEmpty();
    }

    @Test
    void theDialerRefusesAnswersThatAreNeitherEchoNorRefusal() {
        EmbeddedChannel channel = new EmbeddedChannel(MultistreamSelect.dialer("/noise", (ctx, protocol) -> selected.add(protocol)));
        assertThatThrownBy(() -> channel.writeInbound(frames("/multistream/1.0.0", "/tls/1.0.0")))
                .hasCauseInstanceOf(ProtocolException.class).hasMessageContaining("proposed /noise, got '/tls/1.0.0'");
    }

    @Test
    void bothSidesWantTheHeaderFirst() {
        EmbeddedChannel dialer = new EmbeddedChannel(MultistreamSelect.dialer("/noise", (ctx, protocol) -> selected.add(protocol)));
        assertThatThrownBy(() -> dialer.writeInbound(frames("/noise")))
                .hasCauseInstanceOf(ProtocolException.class).hasMessageContaining("expected /multistream/1.0.0 first, got '/noise'");
        EmbeddedChannel listener = new EmbeddedChannel(MultistreamSelect.listener(Set.of("/noise"), (ctx, protocol) -> selected.add(protocol)));
        assertThatThrownBy(() -> listener.writeInbound(frames("/noise")))
                .hasCauseInstanceOf(ProtocolException.class).hasMessageContaining("expected /multistream/1.0.0 first");
    }

    @Test
    void theListenerRefusesWhatItDoesNotSpeakAndAcceptsWhatItDoes() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(MultistreamSelect.listener(Set.of("/yamux/1.0.0"), (ctx, protocol) -> selected.add(protocol)));
        channel.writeInbound(frames("/multistream/1.0.0", "/mplex/6.7.0", "ls"));
        assertThat(messages(channel.readOutbound())).containsExactly("/multistream/1.0.0");
        assertThat(messages(channel.readOutbound())).containsExactly("na");
        assertThat(messages(channel.readOutbound())).containsExactly("na");
        assertThat(selected).isEmpty();

        channel.writeInbound(frames("/yamux/1.0.0"));
        assertThat(messages(channel.readOutbound())).containsExactly("/yamux/1.0.0");
        assertThat(selected).containsExactly("/yamux/1.0.0");
        assertThat(channel.pipeline().get(MultistreamSelect.class)).isNull();
    }

    @Test
    void theListenerGivesUpOnAPeerThatProposesEndlessly() {
        EmbeddedChannel channel = new EmbeddedChannel(MultistreamSelect.listener(Set.of("/yamux/1.0.0"), (ctx, protocol) -> selected.add(protocol)));
        List<String> proposals = new ArrayList<>(List.of("/multistream/1.0.0"));
        for (int i = 0; i <= MultistreamSelect.MAX_REFUSED_PROPOSALS; i++) {
            proposals.add("/unknown/" + i);
        }
        assertThatThrownBy(() -> channel.writeInbound(frames(proposals.toArray(String[]::new))))
                .hasCauseInstanceOf(ProtocolException.class).hasMessageContaining("proposed 17 protocols we do not speak");
    }

    @Test
    void aMessageSplitAcrossReadsIsReassembled() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(MultistreamSelect.listener(Set.of("/noise"), (ctx, protocol) -> selected.add(protocol)));
        ByteBuf all = frames("/multistream/1.0.0", "/noise");
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertThat(selected).containsExactly("/noise");
    }

    static ByteBuf frames(String... messages) {
        ByteBuf out = Unpooled.buffer();
        for (String message : messages) {
            MultistreamCodec.write(out, message);
        }
        return out;
    }

    static List<String> messages(ByteBuf in) throws ProtocolException {
        List<String> messages = new ArrayList<>();
        String message;
        while ((message = MultistreamCodec.read(in)) != null) {
            messages.add(message);
        }
        in.release();
        return messages;
    }
}
