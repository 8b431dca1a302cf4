package liop.libp2p;

import java.io.IOException;

/** A connection over one of the host's limits (connections in all, or with one peer). */
public final class ConnectionLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionLimitException(String message) {
        super(message);
    }
}
