package liop.client.ready;

import java.io.IOException;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import liop.api.node.DataNode;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Waits until a freshly started node has taken in its configuration, so that a request sent right
 * after start-up sees the operator's manifest and datasets, not the empty defaults.
 *
 * <p>Start-up is asynchronous end to end: fileinstall reads {@code etc/} on its own thread, Config
 * Admin hands configurations to SCR on another, and SCR (re)activates components as they arrive.
 * Sleeping "long enough" is either slow or flaky, so this class checks the actual state instead,
 * and the node is ready when all of these hold:
 *
 * <ol>
 *   <li>every {@code .cfg}/{@code .config} file in {@code etc/} is a configuration in Config Admin
 *       (fileinstall records the file in {@code felix.fileinstall.filename});
 *   <li>SCR has read the component descriptions of every active bundle that declares components;
 *   <li>every enabled component that uses one of those configurations (by PID or factory PID) has a
 *       component configuration carrying that configuration's current values;
 *   <li>SCR's view of the components has not changed for {@value #QUIET_MILLIS} ms: SCR shows new
 *       properties before the component's {@code @Modified} method has run, so a request sent at
 *       once could still meet the old settings;
 *   <li>a {@link DataNode} service is registered.
 * </ol>
 *
 * When the timeout passes first, the exception lists what was still missing.
 *
 * <p>Bundles in {@code deploy/} are not waited for: one that cannot be installed would hold every
 * request until the timeout, and {@code liop exec} installs them itself before it asks.
 */
public final class NodeReadiness {

    /** The framework property naming the folder fileinstall reads configurations from. */
    public static final String ETC_PROPERTY = "liop.etc";

    private static final String FILENAME = "felix.fileinstall.filename";
    /** Properties every configuration has; multi-PID components merge them, so they prove nothing. */
    private static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid", "service.bundleLocation", FILENAME);
    private static final long POLL_MILLIS = 20;
    static final long QUIET_MILLIS = 100;

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    private final ServiceComponentRuntime scr;
    private final Optional<Path> etc;

    public NodeReadiness(BundleContext context, ConfigurationAdmin configurationAdmin, ServiceComponentRuntime scr, Optional<Path> etc) {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.scr = scr;
        this.etc = etc;
    }

    /**
     * Waits for the node to be ready and returns its {@link DataNode}, held until the lease is
     * closed.
     *
     * @throws NodeNotReadyException when {@code timeout} passes first, saying what was missing
     */
    public NodeLease awaitDataNode(Duration timeout) throws NodeNotReadyException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitSettled(deadline, timeout);
        return leaseDataNode(deadline, timeout);
    }

    /** Polls until nothing is pending and SCR's view has been still for {@link #QUIET_MILLIS}. */
    private void awaitSettled(long deadline, Duration timeout) throws NodeNotReadyException, InterruptedException {
        String lastView = "";
        long unchangedSince = System.nanoTime();
        while (true) {
            List<String> pending = pending();
            String view = pending.isEmpty() ? componentsView() : "";
            if (!view.equals(lastView)) {
                lastView = view;
                unchangedSince = System.nanoTime();
            } else if (pending.isEmpty() && System.nanoTime() - unchangedSince >= QUIET_MILLIS * 1_000_000) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new NodeNotReadyException(timeout, pending.isEmpty() ? List.of("the components kept changing (see the log)") : pending);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private NodeLease leaseDataNode(long deadline, Duration timeout) throws NodeNotReadyException, InterruptedException {
        ServiceTracker<DataNode, DataNode> tracker = new ServiceTracker<>(context, DataNode.class, null);
        tracker.open();
        DataNode node = tracker.waitForService(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (node == null) {
            tracker.close();
            throw new NodeNotReadyException(timeout, whyNoDataNode());
        }
        return new NodeLease() {
            @Override
            public DataNode node() {
                return node;
            }

            @Override
            public void close() {
                tracker.close();
            }
        };
    }

    /** What the node is still waiting for; empty when the configuration has been taken in. */
    public List<String> pending() {
        List<String> pending = new ArrayList<>();
        Map<Path, Configuration> byFile = configurationsByFile();
        for (Path file : etcFiles()) {
            Configuration configuration = byFile.get(file);
            if (configuration == null) {
                pending.add(relative(file) + " is not in Config Admin yet (fileinstall has not read it, or could not parse it: see the log)");
            } else {
                pending.addAll(componentsMissing(configuration, relative(file)));
            }
        }
        for (Bundle bundle : context.getBundles()) {
            boolean declaresComponents = bundle.getHeaders("").get("Service-Component") != null;
            if (declaresComponents && bundle.getState() == Bundle.ACTIVE && scr.getComponentDescriptionDTOs(bundle).isEmpty()) {
                pending.add("SCR has not read the components of bundle " + bundle.getSymbolicName() + " yet");
            }
        }
        return pending;
    }

    /** Every component configuration's state and properties, comparable between two polls. */
    private String componentsView() {
        StringBuilder view = new StringBuilder();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO component : scr.getComponentConfigurationDTOs(description)) {
                view.append(component.id).append(' ').append(component.state).append(' ');
                new TreeMap<>(component.properties).forEach((key, value) -> view.append(key).append('=').append(normalize(value)).append(';'));
                view.append('\n');
            }
        }
        return view.toString();
    }

    private List<String> componentsMissing(Configuration configuration, String file) {
        List<String> missing = new ArrayList<>();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            return missing;
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!uses(description, configuration) || !scr.isComponentEnabled(description)) {
                continue;
            }
            boolean delivered = scr.getComponentConfigurationDTOs(description).stream()
                    .anyMatch(c -> carries(c, configuration.getPid(), properties));
            if (!delivered) {
                missing.add("component " + description.name + " has not received " + file + " yet");
            }
        }
        return missing;
    }

    private static boolean uses(ComponentDescriptionDTO description, Configuration configuration) {
        if ("ignore".equals(description.configurationPolicy)) {
            return false;
        }
        List<String> pids = Arrays.asList(description.configurationPid);
        String factoryPid = configuration.getFactoryPid();
        return pids.contains(configuration.getPid()) || (factoryPid != null && pids.contains(factoryPid));
    }

    /** Whether a component configuration was made from this version of the configuration. */
    static boolean carries(ComponentConfigurationDTO component, String pid, Dictionary<String, Object> properties) {
        Map<String, Object> actual = component.properties;
        Object servicePid = normalize(actual.get("service.pid"));
        boolean samePid = pid.equals(servicePid) || (servicePid instanceof List<?> pids && pids.contains(pid));
        if (!samePid) {
            return false;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (!BOOKKEEPING.contains(key) && !Objects.equals(normalize(properties.get(key)), normalize(actual.get(key)))) {
                return false;
            }
        }
        return true;
    }

    /** Arrays and collections compared by their elements, whichever form each side holds them in. */
    static Object normalize(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(normalize(Array.get(value, i)));
            }
            return elements;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(NodeReadiness::normalize).toList();
        }
        return value;
    }

    private Map<Path, Configuration> configurationsByFile() {
        Map<Path, Configuration> byFile = new HashMap<>();
        try {
            Configuration[] configurations = configurationAdmin.listConfigurations("(" + FILENAME + "=*)");
            for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
                Object filename = configuration.getProperties().get(FILENAME);
                realPath(Path.of(URI.create(String.valueOf(filename)))).ifPresent(p -> byFile.put(p, configuration));
            }
        } catch (IOException | InvalidSyntaxException | IllegalArgumentException e) {
            // Treated as "not there yet": the timeout reports the files still missing.
        }
        return byFile;
    }

    private List<Path> etcFiles() {
        if (etc.isEmpty() || !Files.isDirectory(etc.get())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(etc.get())) {
            return files.filter(f -> f.toString().endsWith(".cfg") || f.toString().endsWith(".config"))
                    .filter(Files::isRegularFile)
                    .flatMap(f -> realPath(f).stream())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String relative(Path file) {
        return "etc/" + file.getFileName();
    }

    private static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Explains a missing DataNode from SCR's view of the components that could provide one. */
    private List<String> whyNoDataNode() {
        List<String> reasons = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO component : scr.getComponentConfigurationDTOs(description)) {
                describeProblem(description, component).ifPresent(reasons::add);
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("no bundle registers " + DataNode.class.getName() + ": is the liop.node bundle in bundle/ or deploy/, and is it active (lb)?");
        }
        return reasons;
    }

    private static Optional<String> describeProblem(ComponentDescriptionDTO description, ComponentConfigurationDTO component) {
        String name = "component " + description.name + " (bundle " + description.bundle.symbolicName + ")";
        return switch (component.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> Optional.of(name + " waits for "
                    + String.join(", ", Arrays.stream(component.unsatisfiedReferences).map(r -> r.name + " " + Objects.toString(r.target, "")).toList()).strip());
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> Optional.of(name + " waits for its configuration " + String.join(", ", description.configurationPid));
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> Optional.of(name + " failed to activate: " + component.failure);
            default -> Optional.empty();
        };
    }
}
