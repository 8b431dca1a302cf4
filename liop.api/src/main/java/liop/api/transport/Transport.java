package liop.api.transport;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A way for agents to reach the node. Registered as a service while it is listening. */
@ConsumerType
public interface Transport {

    /** Service property naming the transport, e.g. {@code libp2p}. */
    String NAME_PROPERTY = "liop.transport.name";

    /** The transport's name, e.g. {@code libp2p}. */
    String name();

    /** The node's identity on this transport, e.g. its PeerId. */
    String localIdentity();

    /** Addresses agents can dial, in the transport's own notation (multiaddrs for libp2p). */
    List<String> listenAddresses();
}
