package liop.api.bridge;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Another protocol's front door to the node. Registered as a service while it serves. */
@ConsumerType
public interface Bridge {

    /** Service property naming the protocol, e.g. {@code mcp}. */
    String PROTOCOL_PROPERTY = "liop.bridge.protocol";

    /** The protocol served, e.g. {@code mcp}. */
    String protocol();

    /** Where clients reach it, e.g. {@code http://127.0.0.1:8931/mcp} or {@code stdio}. */
    List<String> endpoints();
}
