package liop.libp2p.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.wire.ProtobufReader;
import liop.libp2p.wire.ProtobufWriter;
import liop.libp2p.wire.ProtocolException;

/**
 * The identify protocol's message: who a peer is, what it runs, where it listens, what it speaks
 * and how it sees us.
 *
 * <pre>
 * message Identify {
 *   optional string protocolVersion = 5;
 *   optional string agentVersion = 6;
 *   optional bytes publicKey = 1;        // a libp2p PublicKey protobuf
 *   repeated bytes listenAddrs = 2;      // binary multiaddrs
 *   optional bytes observedAddr = 4;     // the address the sender sees us at
 *   repeated string protocols = 3;
 *   optional bytes signedPeerRecord = 8; // not read here
 * }
 * </pre>
 *
 * Addresses with protocols this transport does not know (QUIC, WebRTC, ...) are left out when
 * reading; absent strings and keys are null.
 */
public record IdentifyMessage(
        String protocolVersion,
        String agentVersion,
        byte[] publicKey,
        List<Multiaddr> listenAddresses,
        Multiaddr observedAddress,
        List<String> protocols) {

    public IdentifyMessage {
        listenAddresses = List.copyOf(listenAddresses);
        protocols = List.copyOf(protocols);
    }

    public byte[] encode() {
        var writer = new ProtobufWriter();
        if (publicKey != null) {
            writer.bytes(1, publicKey);
        }
        listenAddresses.forEach(address -> writer.bytes(2, address.toBytes()));
        protocols.forEach(protocol -> writer.string(3, protocol));
        if (observedAddress != null) {
            writer.bytes(4, observedAddress.toBytes());
        }
        if (protocolVersion != null) {
            writer.string(5, protocolVersion);
        }
        if (agentVersion != null) {
            writer.string(6, agentVersion);
        }
        return writer.toByteArray();
    }

    public static IdentifyMessage decode(byte[] message) throws ProtocolException {
        var reader = new ProtobufReader(message, "identify");
        String protocolVersion = null;
        String agentVersion = null;
        byte[] publicKey = null;
        List<Multiaddr> listenAddresses = new ArrayList<>();
        Multiaddr observed = null;
        List<String> protocols = new ArrayList<>();
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> publicKey = reader.bytes();
                case 2 -> addKnown(listenAddresses, reader.bytes());
                case 3 -> protocols.add(reader.string());
                case 4 -> observed = knownOrNull(reader.bytes());
                case 5 -> protocolVersion = reader.string();
                case 6 -> agentVersion = reader.string();
                default -> reader.skip();
            }
        }
        return new IdentifyMessage(protocolVersion, agentVersion, publicKey, listenAddresses, observed, protocols);
    }

    /** Several messages in one identify response: later fields win, lists add up (as js-libp2p merges). */
    public static IdentifyMessage merge(List<IdentifyMessage> messages) {
        IdentifyMessage merged = messages.getFirst();
        for (IdentifyMessage next : messages.subList(1, messages.size())) {
            List<Multiaddr> addresses = new ArrayList<>(merged.listenAddresses);
            addresses.addAll(next.listenAddresses);
            LinkedHashSet<String> protocols = new LinkedHashSet<>(merged.protocols);
            protocols.addAll(next.protocols);
            merged = new IdentifyMessage(
                    next.protocolVersion != null ? next.protocolVersion : merged.protocolVersion,
                    next.agentVersion != null ? next.agentVersion : merged.agentVersion,
                    next.publicKey != null ? next.publicKey : merged.publicKey,
                    addresses,
                    next.observedAddress != null ? next.observedAddress : merged.observedAddress,
                    List.copyOf(protocols));
        }
        return merged;
    }

    private static void addKnown(List<Multiaddr> addresses, byte[] bytes) {
        Multiaddr address = knownOrNull(bytes);
        if (address != null) {
            addresses.add(address);
        }
    }

    private static Multiaddr knownOrNull(byte[] bytes) {
        try {
            return Multiaddr.fromBytes(bytes);
        } catch (ProtocolException e) {
            return null;
        }
    }
}
