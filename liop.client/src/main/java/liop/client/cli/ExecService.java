package liop.client.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.function.BiFunction;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** Publishes {@code liop exec} for the launcher; see {@link CliContract} for the calling convention. */
@Component(service = BiFunction.class, property = CliContract.COMMAND + "=exec")
public final class ExecService implements BiFunction<String[], PrintStream, Integer> {

    private final ExecCommand command;

    @Activate
    public ExecService(BundleContext context, @Reference ConfigurationAdmin configurationAdmin, @Reference ServiceComponentRuntime scr) {
        this.command = new ExecCommand(RuntimeSettings.node(context, configurationAdmin, scr), RuntimeSettings.samples(context), RuntimeSettings.remote(context));
    }

    @Override
    public Integer apply(String[] args, PrintStream out) {
        return command.run(List.of(args), out, System.err);
    }
}
