package liop.libp2p.multiaddr;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ByteReader;
import liop.libp2p.wire.ProtocolException;
import liop.libp2p.wire.Varint;

/**
 * A multiaddr: a self-describing network address such as {@code
 * /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}, in text and in its binary form (varint protocol code,
 * then the value). Immutable; equal when the bytes are equal.
 */
public final class Multiaddr {

    /** Bounds the binary form (identify carries multiaddrs from strangers). */
    public static final int MAX_BYTES = 1024;

    /** One protocol and its value, e.g. {@code tcp 4001}. */
    public record Component(Protocol protocol, byte[] value) {
        @Override
        public byte[] value() {
            return value.clone();
        }

        public String text() {
            try {
                return protocol.toText(value);
            } catch (ProtocolException e) {
                throw new IllegalStateException(e); // values are checked when a Multiaddr is built
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "/" + protocol.label + "/" + text();
        }
    }

    private final List<Component> components;

    private Multiaddr(List<Component> components) {
        this.components = List.copyOf(components);
    }

    /**
     * Reads the text form.
     *
     * @throws IllegalArgumentException naming what is wrong, e.g. an unsupported protocol
     */
    public static Multiaddr parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a multiaddr starts with '/': '" + text + "'");
        }
        String[] parts = text.substring(1).split("/", -1);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() && i == parts.length - 1 && i > 0) {
                break; // a trailing slash
            }
            Protocol protocol = Protocol.byLabel(parts[i]);
            if (++i == parts.length) {
                throw new IllegalArgumentException("/" + protocol.label + " needs a value in '" + text + "'");
            }
            components.add(new Component(protocol, protocol.toBytes(parts[i])));
        }
        return checked(new Multiaddr(components), text);
    }

    /** Reads the binary form. */
    public static Multiaddr fromBytes(byte[] bytes) throws ProtocolException {
        if (bytes.length > MAX_BYTES) {
            throw new ProtocolException("multiaddr: " + bytes.length + " bytes exceed the limit of " + MAX_BYTES);
        }
        var reader = new ByteReader(bytes, "multiaddr");
        List<Component> components = new ArrayList<>();
        while (reader.hasRemaining()) {
            Protocol protocol = Protocol.byCode(reader.readVarint());
            int size = protocol.sizeBytes >= 0 ? protocol.sizeBytes : reader.readLength(Protocol.MAX_VARIABLE_BYTES);
            byte[] value = reader.readBytes(size);
            protocol.toText(value); // validates
            components.add(new Component(protocol, value));
        }
        try {
            return checked(new Multiaddr(components), "(binary)");
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("multiaddr: " + e.getMessage());
        }
    }

    /** {@code /ip4/…/tcp/…} or {@code /ip6/…/tcp/…} of a socket address. */
    public static Multiaddr of(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return parse("/dns/" + address.getHostString() + "/tcp/" + address.getPort());
        }
        Protocol family = ip.getAddress().length == 4 ? Protocol.IP4 : Protocol.IP6;
        return new Multiaddr(List.of(
                new Component(family, ip.getAddress()),
                new Component(Protocol.TCP, Protocol.TCP.toBytes(String.valueOf(address.getPort())))));
    }

    public List<Component> components() {
        return components;
    }

    public byte[] toBytes() {
        var out = new ByteArrayOutputStream();
        for (Component component : components) {
            out.writeBytes(Varint.encode(component.protocol.code));
            if (component.protocol.sizeBytes < 0) {
                out.writeBytes(Varint.encode(component.value.length));
            }
            out.writeBytes(component.value);
        }
        return out.toByteArray();
    }

    /** The peer in the trailing {@code /p2p/…}, if there is one. */
    public Optional<PeerId> peerId() {
        if (components.isEmpty() || components.getLast().protocol != Protocol.P2P) {
            return Optional.empty();
        }
        try {
            return Optional.of(PeerId.fromBytes(components.getLast().value));
        } catch (ProtocolException e) {
            throw new IllegalStateException(e); // checked when built
        }
    }

    public Multiaddr withPeerId(PeerId peer) {
        List<Component> withPeer = new ArrayList<>(withoutPeerId().components);
        withPeer.add(new Component(Protocol.P2P, peer.toBytes()));
        return new Multiaddr(withPeer);
    }

    public Multiaddr withoutPeerId() {
        return peerId().isPresent() ? new Multiaddr(components.subList(0, components.size() - 1)) : this;
    }

    /**
     * The TCP endpoint this address names: an IP address and port, or an unresolved host name and
     * port for {@code /dns*} (resolved when dialled).
     *
     * @throws IllegalArgumentException if the address is not {@code /ip4|ip6|dns*}{@code /tcp/…}
     *     (optionally followed by {@code /p2p/…})
     */
    public InetSocketAddress toSocketAddress() {
        List<Component> transport = withoutPeerId().components;
        if (transport.size() != 2 || transport.get(1).protocol != Protocol.TCP) {
            throw new IllegalArgumentException(this + " is not a TCP address (/ip4|/ip6|/dns/<host>/tcp/<port>[/p2p/<peer>])");
        }
        Component host = transport.get(0);
        int port = Integer.parseInt(transport.get(1).text());
        return switch (host.protocol) {
            case IP4, IP6 -> {
                try {
                    yield new InetSocketAddress(InetAddress.getByAddress(host.value), port);
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e); // the value has the right size
                }
            }
            case DNS, DNS4, DNS6 -> InetSocketAddress.createUnresolved(host.text(), port);
            default -> throw new IllegalArgumentException(this + " is not a TCP address (/ip4|/ip6|/dns/<host>/tcp/<port>)");
        };
    }

    /** A {@code /p2p} anywhere but at the end would be ambiguous; refused. */
    private static Multiaddr checked(Multiaddr address, String text) {
        for (int i = 0; i < address.components.size() - 1; i++) {
            if (address.components.get(i).protocol == Protocol.P2P) {
                throw new IllegalArgumentException("/p2p may only end a multiaddr: '" + text + "'");
            }
        }
        if (address.components.isEmpty()) {
            throw new IllegalArgumentException("empty multiaddr");
        }
        return address;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Multiaddr multiaddr && components.equals(multiaddr.components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        components.forEach(text::append);
        return text.toString();
    }
}
