package liop.transport.libp2p;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The libp2p transport's settings, Config Admin PID {@code liop.transport.libp2p}. A change restarts the listener. */
@ObjectClassDefinition(name = "LIOP libp2p transport",
        description = "Where the node listens for agents on libp2p (TCP, Noise, yamux) and the limits of the connections and gRPC calls it serves.")
public @interface TransportConfig {

    String PID = "liop.transport.libp2p";

    @AttributeDefinition(description = "Multiaddrs to listen on, e.g. /ip4/127.0.0.1/tcp/4001, /ip4/0.0.0.0/tcp/4001 or /ip6/::1/tcp/4001 (tcp/0: any free port).")
    String[] listen_addresses() default {"/ip4/127.0.0.1/tcp/4001"};

    @AttributeDefinition(description = "The node's Ed25519 key (its PeerId). Empty: <liop.base>/data/node.key, created on first start, readable by its owner only.", required = false)
    String key_file() default "";

    @AttributeDefinition(description = "Connections at once, in or out, handshaking or established.")
    int connections_max() default 1024;

    @AttributeDefinition(description = "Established connections with one peer.")
    int connections_per_peer_max() default 8;

    @AttributeDefinition(description = "Streams a peer may have open on one connection; more are reset, and a peer that keeps opening them is disconnected.")
    int streams_per_connection_max() default 256;

    @AttributeDefinition(description = "From TCP connect to a secured, multiplexed connection (and for a gRPC stream's HTTP/2 preface), in milliseconds.")
    long handshake_timeout_millis() default 10_000;

    @AttributeDefinition(description = "Largest gRPC message either side accepts, in bytes (a request carries a module).")
    int message_max_bytes() default 16 << 20;

    @AttributeDefinition(description = "gRPC calls at once on one stream.")
    int calls_per_stream_max() default 64;
}
