package liop.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;

/**
 * The bundles of a node in a few lines: LIOP's own by name, the infrastructure counted, and every
 * bundle that is not active named with its state, since that is what an operator must look at.
 */
final class BundleSummary {

    private BundleSummary() {}

    /**
     * @param notYetStarted bundles the launcher starts later on purpose (the shell), not a problem
     */
    static String of(List<Bundle> bundles, Predicate<Bundle> notYetStarted) {
        List<String> liop = new ArrayList<>();
        List<String> notActive = new ArrayList<>();
        int infrastructure = 0;
        for (Bundle bundle : bundles) {
            String name = bundle.getSymbolicName();
            boolean fragment = bundle.getHeaders("").get("Fragment-Host") != null;
            if (bundle.getState() != Bundle.ACTIVE && !fragment && !notYetStarted.test(bundle)) {
                notActive.add(name + " " + bundle.getVersion() + " is " + state(bundle));
            } else if (name != null && name.startsWith("liop.")) {
                liop.add(name + " " + bundle.getVersion());
            } else {
                infrastructure++;
            }
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-10s%s%n", "bundles", String.join(", ", liop)));
        text.append(String.format(Locale.ROOT, "%-10s+ %d framework and library bundles, all active unless listed below (lb lists them)%n", "", infrastructure));
        for (String problem : notActive) {
            text.append(String.format(Locale.ROOT, "%-10s! %s%n", "", problem));
        }
        return text.toString();
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> "installed but not resolved (missing imports; see the log)";
            case Bundle.RESOLVED -> "resolved but not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "in state " + bundle.getState();
        };
    }
}
