package liop.libp2p.noise;

import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtocolException;

/** The peer proved an identity other than the one we dialled ({@code /p2p/…} of the address). */
public final class UnexpectedPeerException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public UnexpectedPeerException(PeerId expected, PeerId actual) {
        super("noise: expected peer " + expected + " but the remote proved to be " + actual);
    }
}
