package liop.client.cli;

/**
 * How the launcher (a plain Java program outside the framework) reaches the command line that lives
 * in this bundle.
 *
 * <p>The launcher and the bundles share no classes but the JDK's and the OSGi core API, so that any
 * bundle, this one included, can be updated without touching the launcher. A command is therefore
 * published as a service of a JDK type, {@code java.util.function.BiFunction<String[], PrintStream,
 * Integer>}, with the service property {@value #COMMAND} naming it ({@code exec}, {@code status}).
 * The launcher finds it with the filter {@code (&(objectClass=java.util.function.BiFunction)
 * (liop.cli=exec))} and calls it with:
 *
 * <ul>
 *   <li>the arguments that followed the command name on the command line;
 *   <li>the real standard output, where the command prints its result. The launcher points
 *       {@code System.out} at standard error while a command runs, so that chatter from any bundle
 *       cannot corrupt output a script parses ({@code --json}).
 * </ul>
 *
 * <p>The command returns the process exit code, one of the constants below. Diagnostics go to
 * {@code System.err}.
 */
public final class CliContract {

    /** Service property naming the command a service implements. */
    public static final String COMMAND = "liop.cli";

    /** The execution ended with status ok (or the command did what was asked). */
    public static final int EXIT_OK = 0;
    /** The execution ended with another status: trap, denied, invalid, ... */
    public static final int EXIT_NOT_OK = 1;
    /** The command line is wrong; the usage was printed. */
    public static final int EXIT_USAGE = 2;
    /** The node did not come up: missing bundles, configuration not applied in time, no DataNode. */
    public static final int EXIT_NODE_FAILED = 3;

    private CliContract() {}
}
