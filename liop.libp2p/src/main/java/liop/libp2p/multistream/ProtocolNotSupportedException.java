package liop.libp2p.multistream;

import java.io.IOException;

/** The remote peer answered {@code na}: it does not speak the protocol we proposed. */
public final class ProtocolNotSupportedException extends IOException {

    private static final long serialVersionUID = 1L;
    private final String protocol;

    public ProtocolNotSupportedException(String protocol) {
        super("the remote peer does not speak " + protocol);
        this.protocol = protocol;
    }

    public String protocol() {
        return protocol;
    }
}
