package liop.itest;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The gogo shell as an operator types into it. */
final class Shell {

    private Shell() {}

    /** Runs {@code command} in a session of its own and answers what it printed as a result. */
    static String run(BundleContext context, String command) {
        ServiceReference<CommandProcessor> reference = context.getServiceReference(CommandProcessor.class);
        try (CommandSession session = context.getService(reference).createSession(System.in, System.out, System.err)) {
            return String.valueOf(session.execute(command));
        } catch (Exception e) {
            throw new AssertionError("liop shell: " + command, e);
        } finally {
            context.ungetService(reference);
        }
    }
}
