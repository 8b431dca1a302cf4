package liop.client.cli;

import java.io.PrintStream;
import java.util.function.BiFunction;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Publishes the node summary the launcher prints at start-up; see {@link CliContract}. It takes no
 * arguments.
 */
@Component(service = BiFunction.class, property = CliContract.COMMAND + "=status")
public final class StatusService implements BiFunction<String[], PrintStream, Integer> {

    private final StatusCommand command;

    @Activate
    public StatusService(BundleContext context, @Reference ConfigurationAdmin configurationAdmin, @Reference ServiceComponentRuntime scr) {
        this.command = new StatusCommand(RuntimeSettings.node(context, configurationAdmin, scr), RuntimeSettings.samples(context), RuntimeSettings.endpoints(context));
    }

    @Override
    public Integer apply(String[] args, PrintStream out) {
        return command.run(out, System.err);
    }
}
