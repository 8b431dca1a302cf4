package liop.libp2p.wire;

import java.io.IOException;

/**
 * The remote peer broke a wire protocol: a malformed frame, a limit overrun, a bad signature. The
 * message names the layer first ({@code "yamux: ..."}) so that the one log line a connection
 * closes with says where it went wrong.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
