package liop.libp2p.fuzzing;

import io.netty.handler.codec.DecoderException;
import java.util.Arrays;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** What the wire decoders' fuzz targets share (see FUZZING.md). */
public final class FuzzSupport {

    private FuzzSupport() {}

    /** Work that may fail only the way a peer's bytes may make it fail. */
    @FunctionalInterface
    public interface Decoding {
        void run() throws Exception;
    }

    /**
     * Runs {@code decoding}; a {@link ProtocolException} (however Netty wrapped it) is an
     * acceptable refusal of the input, anything else is a finding.
     *
     * @return true if the input was accepted, false if it was refused
     */
    public static boolean refusesOnlyAsProtocolError(Decoding decoding) {
        try {
            decoding.run();
            return true;
        } catch (Exception e) {
            Throwable cause = e instanceof DecoderException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ProtocolException) {
                return false;
            }
            throw new AssertionError("malformed input must end in a ProtocolException, not " + cause, cause);
        }
    }

    /** As {@link #refusesOnlyAsProtocolError}, also allowing a peer's refusal of a protocol ({@code na}). */
    public static boolean refusesOnlyAsProtocolErrorOrRefusal(Decoding decoding) {
        return refusesOnlyAsProtocolError(() -> {
            try {
                decoding.run();
            } catch (Exception e) {
                Throwable cause = e instanceof DecoderException && e.getCause() != null ? e.getCause() : e;
                if (!(cause instanceof liop.libp2p.multistream.ProtocolNotSupportedException)) {
                    throw e;
                }
            }
        });
    }

    /** A named seed for a {@code byte[]} fuzz test. */
    public static Arguments seed(String name, byte[] bytes) {
        return Arguments.of(Named.of(name, bytes));
    }

    /** Splits {@code input} in two at a point the input itself chooses (its first byte). */
    public static byte[][] splitByFirstByte(byte[] input) {
        if (input.length == 0) {
            return new byte[][] {new byte[0], new byte[0]};
        }
        int at = Math.min(input.length - 1, input[0] & 0xFF);
        return new byte[][] {Arrays.copyOfRange(input, 1, at + 1), Arrays.copyOfRange(input, at + 1, input.length)};
    }
}
