package liop.client.cli;


import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import liop.api.transport.Transport;
import liop.client.ready.NodeReadiness;
import liop.client.sdk.LiopClient;
import liop.libp2p.crypto.NodeKeyFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the commands read from the framework they run in. The launcher sets these framework
 * properties; without them (e.g. in a test framework) the commands still work, without samples
 * and without waiting for etc/ files.
 */
final class RuntimeSettings {

    /** The installation folder; its guests/ holds the sample modules. */
    static final String HOME_PROPERTY = "liop.home";
    /** How long a command waits for the node to take in its configuration, in seconds. */
    static final String READY_TIMEOUT_PROPERTY = "liop.ready.timeout.seconds";
    static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(20);
    /** How long the status waits for a configured libp2p transport to listen. */
    static final Duration TRANSPORT_WAIT = Duration.ofSeconds(5);

    private RuntimeSettings() {}

    static ExecCommand.NodeSource node(BundleContext context, ConfigurationAdmin configurationAdmin, ServiceComponentRuntime scr) {
        Optional<Path> etc = property(context, NodeReadiness.ETC_PROPERTY).map(Path::of);
        NodeReadiness readiness = new NodeReadiness(context, configurationAdmin, scr, etc);
        Duration timeout = readyTimeout(context);
        return () -> readiness.awaitDataNode(timeout);
    }

    /** Where etc/, deploy/ and data/ live: liop.base, else liop.home, else the working directory. */
    static Path base(BundleContext context) {
        return property(context, "liop.base").or(() -> property(context, HOME_PROPERTY)).map(Path::of).orElse(Path.of("").toAbsolutePath());
    }

    /** {@code liop exec --node}: as this installation's identity, the node key in data/. */
    static ExecCommand.RemoteNodes remote(BundleContext context) {
        Path keyFile = NodeKeyFile.defaultLocation(base(context));
        return (address, request) -> {
            try (LiopClient node = LiopClient.connect(address, keyFile)) {
                return node.execute(request);
            }
        };
    }

    /**
     * The transports listening (their Transport services), for the status. When the libp2p transport
     * is active and configured, waits a few seconds for it to be listening, so that the banner shows
     * the PeerId and addresses.
     */
    static Supplier<List<StatusCommand.Endpoint>> endpoints(BundleContext context) {
        return () -> {
            boolean expected = property(context, NodeReadiness.ETC_PROPERTY)
                    .map(etc -> Files.isRegularFile(Path.of(etc, IdCommand.TRANSPORT_CFG))).orElse(false)
                    && Arrays.stream(context.getBundles()).anyMatch(b -> "liop.transport.libp2p".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE);
            ServiceTracker<Transport, Transport> tracker = new ServiceTracker<>(context, Transport.class, null);
            tracker.open();
            try {
                if (expected) {
                    tracker.waitForService(TRANSPORT_WAIT.toMillis());
                }
                List<StatusCommand.Endpoint> endpoints = new ArrayList<>();
                Object[] services = tracker.getServices();
                for (Object service : services == null ? new Object[0] : services) {
                    Transport transport = (Transport) service;
                    endpoints.add(new StatusCommand.Endpoint(transport.name(), transport.localIdentity(), transport.listenAddresses()));
                }
                if (expected && endpoints.isEmpty()) {
                    endpoints.add(new StatusCommand.Endpoint("libp2p", "not listening: the transport did not start (the log above says why,"
                            + " e.g. the port is taken; see etc/" + IdCommand.TRANSPORT_CFG + ")", List.of()));
                }
                return endpoints;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } finally {
                tracker.close();
            }
        };
    }

    static SampleModules samples(BundleContext context) {
        return property(context, HOME_PROPERTY).map(home -> SampleModules.in(Path.of(home, "guests"))).orElse(SampleModules.none());
    }

    private static Duration readyTimeout(BundleContext context) {
        try {
            return property(context, READY_TIMEOUT_PROPERTY).map(s -> Duration.ofSeconds(Long.parseLong(s.strip()))).orElse(DEFAULT_READY_TIMEOUT);
        } catch (NumberFormatException e) {
            System.err.println("liop: ignoring " + READY_TIMEOUT_PROPERTY + " (not a number of seconds); waiting " + DEFAULT_READY_TIMEOUT.toSeconds() + " s");
            return DEFAULT_READY_TIMEOUT;
        }
    }

    private static Optional<String> property(BundleContext context, String name) {
        return Optional.ofNullable(context.getProperty(name)).filter(s -> !s.isBlank());
    }
}
