package liop.runtime;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Sends Felix's own messages (resolution errors, bundle failures) to java.util.logging, so they
 * have the same one-line format as the rest and never reach stdout, which Felix would print them
 * to by default. Handed to Felix in the framework property {@code felix.log.logger}.
 */
final class FelixLogger extends org.apache.felix.framework.Logger {

    private static final Logger LOG = Logger.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference service, int level, String message, Throwable error) {
        String prefix = bundle != null && bundle.getSymbolicName() != null ? "[" + bundle.getSymbolicName() + "] " : "";
        LOG.log(julLevel(level), prefix + message, error);
    }

    /** The resolver's messages, which name no bundle. */
    @Override
    protected void doLog(int level, String message, Throwable error) {
        LOG.log(julLevel(level), message, error);
    }

    private static Level julLevel(int felixLevel) {
        return switch (felixLevel) {
            case LOG_ERROR -> Level.SEVERE;
            case LOG_WARNING -> Level.WARNING;
            case LOG_INFO -> Level.INFO;
            default -> Level.FINE;
        };
    }
}
