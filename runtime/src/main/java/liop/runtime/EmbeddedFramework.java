package liop.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A Felix framework started by the launcher, with the bundles of the distribution.
 *
 * <p>The launcher sees bundles only through the OSGi core API and JDK types: the commands it runs
 * are services of type {@code BiFunction<String[], PrintStream, Integer>} with a {@code liop.cli}
 * property (see liop.client.cli.CliContract). It shares no class with any bundle, so every bundle
 * can be updated or replaced without touching the launcher.
 */
final class EmbeddedFramework implements AutoCloseable {

    /** A command published by a bundle: (arguments, stdout) to exit code. */
    interface Command {
        int run(String[] arguments, PrintStream stdout);
    }

    static final String COMMAND_PROPERTY = "liop.cli";
    static final String SHELL = "org.apache.felix.gogo.shell";

    private final Framework framework;
    private final List<String> problems = new ArrayList<>();

    private EmbeddedFramework(Framework framework) {
        this.framework = framework;
    }

    /** Starts Felix with these properties; Felix's own messages go to java.util.logging. */
    static EmbeddedFramework start(Map<String, String> properties) throws BundleException {
        Map<String, Object> configuration = new HashMap<>(properties);
        configuration.put("felix.log.logger", new FelixLogger());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path: lib/ must hold the Felix jar"));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework framework = factory.newFramework((Map) configuration);
        framework.start();
        return new EmbeddedFramework(framework);
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Installs the jars, then starts every bundle that is not a fragment and that {@code later}
     * does not hold back. Failures do not stop the others; {@link #problems()} lists them.
     */
    void installAndStart(List<Path> jars, Predicate<Bundle> later) {
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try {
                installed.add(context().installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                problems.add("cannot install " + jar.getFileName() + ": " + e.getMessage());
            }
        }
        for (Bundle bundle : installed) {
            if (!isFragment(bundle) && !later.test(bundle)) {
                start(bundle);
            }
        }
    }

    /** Starts the bundles {@code installAndStart} held back, e.g. the shell once the banner is out. */
    void startHeldBack(Predicate<Bundle> which) {
        for (Bundle bundle : context().getBundles()) {
            if (which.test(bundle) && bundle.getState() != Bundle.ACTIVE && !isFragment(bundle)) {
                start(bundle);
            }
        }
    }

    private void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            problems.add("cannot start " + bundle.getSymbolicName() + ": " + e.getMessage());
        }
    }

    /** What went wrong installing and starting bundles, one line each. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** The installed bundles but the framework itself. */
    List<Bundle> bundles() {
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle bundle : context().getBundles()) {
            if (bundle.getBundleId() != 0) {
                bundles.add(bundle);
            }
        }
        return bundles;
    }

    /**
     * Waits for the command service {@code name} to be registered. Components register
     * asynchronously, so it may take a moment after the bundles started.
     */
    Optional<Command> command(String name, Duration timeout) throws InterruptedException {
        Filter filter;
        try {
            filter = context().createFilter("(&(" + Constants.OBJECTCLASS + "=" + BiFunction.class.getName() + ")(" + COMMAND_PROPERTY + "=" + name + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a command name: " + name, e);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context(), filter, null);
        tracker.open();
        Object service = tracker.waitForService(timeout.toMillis());
        if (service == null) {
            tracker.close();
            return Optional.empty();
        }
        // The tracker stays open, holding the service, until the framework stops.
        @SuppressWarnings("unchecked")
        BiFunction<String[], PrintStream, Integer> function = (BiFunction<String[], PrintStream, Integer>) service;
        return Optional.of(function::apply);
    }

    /** Blocks until the framework stops (the shell's exit, or {@link #close()} from a hook). */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
            framework.stop();
        }
        FrameworkEvent event = framework.waitForStop(Duration.ofSeconds(10).toMillis());
        if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            System.err.println("liop: the framework did not stop within 10 s");
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }
}
