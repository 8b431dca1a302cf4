package liop.libp2p.multiaddr;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtocolException;

/**
 * The multiaddr protocols this transport speaks, with their multicodec codes and how their values
 * look as text and as bytes. Values of fixed size are written bare; the others get a varint length.
 */
public enum Protocol {
    IP4(0x04, "ip4", 4),
    TCP(0x06, "tcp", 2),
    IP6(0x29, "ip6", 16),
    DNS(0x35, "dns", -1),
    DNS4(0x36, "dns4", -1),
    DNS6(0x37, "dns6", -1),
    P2P(0x01A5, "p2p", -1);

    /** A DNS name has at most 253 characters; a PeerId multihash far less. */
    static final int MAX_VARIABLE_BYTES = 255;

    final int code;
    final String label;
    /** Size of the binary value, or -1 when it is length-prefixed. */
    final int sizeBytes;

    Protocol(int code, String label, int sizeBytes) {
        this.code = code;
        this.label = label;
        this.sizeBytes = sizeBytes;
    }

    public String label() {
        return label;
    }

    static Protocol byCode(long code) throws ProtocolException {
        for (Protocol protocol : values()) {
            if (protocol.code == code) {
                return protocol;
            }
        }
        throw new ProtocolException("multiaddr: protocol code 0x" + Long.toHexString(code) + " is not supported");
    }

    static Protocol byLabel(String label) {
        for (Protocol protocol : values()) {
            if (protocol.label.equals(label)) {
                return protocol;
            }
        }
        // ipfs is the old name of p2p and still appears in addresses people paste
        if (label.equals("ipfs")) {
            return P2P;
        }
        throw new IllegalArgumentException("protocol /" + label + " is not supported (only /ip4, /ip6, /dns, /dns4, /dns6, /tcp, /p2p)");
    }

    /** The binary value of a text value, e.g. {@code "4001"} to two bytes. */
    byte[] toBytes(String text) {
        return switch (this) {
            case IP4 -> ipBytes(text, 4);
            case IP6 -> ipBytes(text, 16);
            case TCP -> {
                int port = port(text);
                yield new byte[] {(byte) (port >> 8), (byte) port};
            }
            case DNS, DNS4, DNS6 -> {
                if (text.isEmpty() || text.length() > 253) {
                    throw new IllegalArgumentException("/" + label + " needs a host name of 1 to 253 characters");
                }
                yield text.getBytes(StandardCharsets.UTF_8);
            }
            case P2P -> PeerId.parse(text).toBytes();
        };
    }

    /** The text value of a binary value; the bytes have the right size already. */
    String toText(byte[] value) throws ProtocolException {
        return switch (this) {
            case IP4, IP6 -> {
                try {
                    yield NetUtil.toAddressString(InetAddress.getByAddress(value)); // RFC 5952: ::1, as other implementations write it
                } catch (UnknownHostException e) {
                    throw new ProtocolException("multiaddr: bad /" + label + " address", e);
                }
            }
            case TCP -> String.valueOf(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
            case DNS, DNS4, DNS6 -> {
                String name = new String(value, StandardCharsets.UTF_8);
                if (name.isEmpty() || name.contains("/")) {
                    throw new ProtocolException("multiaddr: bad /" + label + " name");
                }
                yield name;
            }
            case P2P -> PeerId.fromBytes(value).toString();
        };
    }

    private byte[] ipBytes(String text, int sizeBytes) {
        // Only literals: a host name here would be resolved, and names belong in /dns.
        byte[] address = NetUtil.createByteArrayFromIpAddressString(text);
        if (address == null || address.length != sizeBytes) {
            throw new IllegalArgumentException("/" + label + " needs an " + label + " address literal, not '" + text + "'");
        }
        return address;
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("/tcp needs a port from 0 to 65535, not '" + text + "'");
        }
        return Integer.parseInt(text);
    }
}
