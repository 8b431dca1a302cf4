package liop.transport.libp2p;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import liop.api.node.DataNode;
import liop.api.transport.Transport;
import liop.libp2p.Libp2pLimits;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.NodeKeyFile;
import liop.libp2p.datanode.DataNodeEndpoint;
import liop.libp2p.grpc.GrpcLimits;
import liop.libp2p.multiaddr.Multiaddr;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Brings agents in over libp2p: listens on the configured multiaddrs with the node key, and serves
 * {@code liop.v1.DataNode} over gRPC inside {@code /liop/grpc/1.0.0} streams, every call run by the
 * pipeline as the caller's Noise-proven PeerId. Registers {@link Transport} (with its PeerId and
 * full addresses) while it listens, so the launcher's status can print them.
 *
 * <p>The DataNode is a dynamic, greedy, optional reference read once per call: calls made while
 * no pipeline runs are answered UNAVAILABLE, and the listener stays up across pipeline restarts.
 * It runs while its configuration exists (etc/liop.transport.libp2p.cfg in the distribution; delete
 * it to stop listening), and a configuration change restarts the listener.
 */
@Component(service = {}, configurationPid = TransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TransportConfig.class)
public final class Libp2pTransport {

    private static final System.Logger LOG = System.getLogger("liop.transport.libp2p");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataNode dataNode;

    private final DataNodeEndpoint endpoint;
    private final ServiceRegistration<Transport> registration;

    @Activate
    public Libp2pTransport(BundleContext context, TransportConfig config) throws IOException {
        Path keyFile = keyFile(context, config);
        Ed25519KeyPair identity = NodeKeyFile.loadOrCreate(keyFile, new SecureRandom());
        List<Multiaddr> listen = listenAddresses(config);
        Duration handshake = Duration.ofMillis(config.handshake_timeout_millis());
        Libp2pLimits limits = new Libp2pLimits(handshake, Libp2pLimits.DEFAULT.protocolNegotiationTimeout(),
                config.connections_max(), config.connections_per_peer_max(), config.streams_per_connection_max(),
                Libp2pLimits.DEFAULT.maxOutboundStreams(), Libp2pLimits.DEFAULT.streamWindowBytes(), Libp2pLimits.DEFAULT.maxStreamWindowBytes(),
                Libp2pLimits.DEFAULT.maxBufferedBytes(), Libp2pLimits.DEFAULT.keepAliveInterval());
        GrpcLimits grpcLimits = new GrpcLimits(config.message_max_bytes(), config.calls_per_stream_max(), handshake);
        try {
            this.endpoint = DataNodeEndpoint.start(identity, listen, limits, grpcLimits, () -> Optional.ofNullable(dataNode));
        } catch (IOException e) {
            throw new IOException("libp2p transport: cannot listen on " + listen + " (" + e.getMessage()
                    + "); is another node running? change listen.addresses in etc/" + TransportConfig.PID + ".cfg", e);
        }
        List<String> addresses = endpoint.listenAddresses().stream().map(Multiaddr::toString).toList();
        String peerId = endpoint.peerId().toString();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Transport.NAME_PROPERTY, "libp2p");
        properties.put("liop.transport.id", peerId);
        properties.put("liop.transport.addresses", addresses.toArray(String[]::new));
        properties.put(Constants.SERVICE_DESCRIPTION, "liop.v1.DataNode over libp2p (/liop/grpc/1.0.0)");
        this.registration = context.registerService(Transport.class, new Listening(peerId, addresses), properties);
        LOG.log(Level.INFO, "libp2p: node {0} listening on {1} (key {2})", peerId, String.join(", ", addresses), keyFile);
    }

    @Deactivate
    void stop() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        endpoint.close();
    }

    static Path keyFile(BundleContext context, TransportConfig config) {
        if (config.key_file() != null && !config.key_file().isBlank()) {
            return Path.of(config.key_file().strip());
        }
        String base = context.getProperty("liop.base");
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("libp2p transport: no key.file configured and no liop.base framework property to put data/node.key under");
        }
        return NodeKeyFile.defaultLocation(Path.of(base));
    }

    static List<Multiaddr> listenAddresses(TransportConfig config) {
        String[] configured = config.listen_addresses() == null ? new String[0] : config.listen_addresses();
        List<Multiaddr> addresses = new ArrayList<>();
        // Config Admin .cfg files give one string; accept commas in it too.
        for (String entry : Arrays.stream(configured).flatMap(s -> Arrays.stream(s.split(","))).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            try {
                addresses.add(Multiaddr.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("libp2p transport: listen.addresses entry '" + entry + "' is not a multiaddr (" + e.getMessage()
                        + "); use e.g. /ip4/127.0.0.1/tcp/4001", e);
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("libp2p transport: listen.addresses is empty; give e.g. /ip4/127.0.0.1/tcp/4001");
        }
        return addresses;
    }

    /** The Transport service: what the node is known by on libp2p. */
    private record Listening(String localIdentity, List<String> listenAddresses) implements Transport {
        @Override
        public String name() {
            return "libp2p";
        }
    }
}
