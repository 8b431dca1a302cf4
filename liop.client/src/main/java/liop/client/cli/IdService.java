package liop.client.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import liop.libp2p.crypto.NodeKeyFile;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Publishes {@code liop id} for the launcher; see {@link CliContract}. */
@Component(service = BiFunction.class, property = CliContract.COMMAND + "=id")
public final class IdService implements BiFunction<String[], PrintStream, Integer> {

    private final IdCommand command;

    @Activate
    public IdService(BundleContext context) {
        this.command = new IdCommand(NodeKeyFile.defaultLocation(RuntimeSettings.base(context)),
                Optional.ofNullable(context.getProperty("liop.etc")).filter(s -> !s.isBlank()).map(Path::of));
    }

    @Override
    public Integer apply(String[] args, PrintStream out) {
        return command.run(List.of(args), out, System.err);
    }
}
