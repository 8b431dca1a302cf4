package liop.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import liop.client.ready.NodeReadiness;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

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

    private RuntimeSettings() {}

    static ExecCommand.NodeSource node(BundleContext context, ConfigurationAdmin configurationAdmin, ServiceComponentRuntime scr) {
        Optional<Path> etc = property(context, NodeReadiness.ETC_PROPERTY).map(Path::of);
        NodeReadiness readiness = new NodeReadiness(context, configurationAdmin, scr, etc);
        Duration timeout = readyTimeout(context);
        return () -> readiness.awaitDataNode(timeout);
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
