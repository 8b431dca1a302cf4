package liop.runtime;

import java.util.List;

/**
 * What the user asked the launcher for: the first word of the command line, and the words after it
 * (which the command itself parses).
 *
 * @param kind the command
 * @param arguments the arguments following the command word
 */
record LaunchCommand(Kind kind, List<String> arguments) {

    enum Kind {
        /** No command: start the node in the foreground. */
        NODE,
        /** Run one module on an embedded node; the liop.client bundle parses the rest. */
        EXEC,
        HELP,
        VERSION,
        /** The node's libp2p identity: the PeerId of its key, data/node.key. */
        ID
    }

    static final String USAGE = """
            usage: liop [COMMAND]

              (none)         start the node in the foreground: Felix with the bundles in bundle/,
                             configuration from etc/ and hot-deployment from deploy/; a gogo shell
                             when on a terminal (try liop:engines, liop:datasets, lb; Ctrl-D stops)
              exec MODULE    run a module once on an embedded node and print the result
                             (liop exec --help for its options)
              exec --node MULTIADDR MODULE
                             run it on a remote node over libp2p instead, as this installation's
                             identity (the same output)
              id             print this installation's libp2p identity (PeerId of data/node.key,
                             created if missing) and the addresses the node listens on
              version        print the versions of LIOP, Felix and Java
              help           print this help

            Environment:
              LIOP_HOME      the installation (default: the folder above bin/)
              LIOP_BASE      where etc/, deploy/ and data/ live (default: LIOP_HOME); when it has no
                             etc/ yet, the installation's default configuration is copied there
              LIOP_OPTS      extra JVM options, e.g. -Xmx2g
              LIOP_VERBOSE   set to 1 to see the JDK chosen, and framework logging in exec too
            """;

    LaunchCommand {
        arguments = List.copyOf(arguments);
    }

    /**
     * Reads the command word.
     *
     * @throws IllegalArgumentException with a message for the user when the command is unknown
     */
    static LaunchCommand parse(List<String> args) {
        if (args.isEmpty()) {
            return new LaunchCommand(Kind.NODE, List.of());
        }
        String word = args.get(0);
        List<String> rest = args.subList(1, args.size());
        Kind kind = switch (word) {
            case "exec" -> Kind.EXEC;
            case "help", "-h", "--help" -> Kind.HELP;
            case "version", "--version" -> Kind.VERSION;
            case "id" -> Kind.ID;
            default -> throw new IllegalArgumentException("unknown command '" + word + "'");
        };
        if (kind != Kind.EXEC && !rest.isEmpty()) {
            throw new IllegalArgumentException(word + " takes no arguments, got " + String.join(" ", rest));
        }
        return new LaunchCommand(kind, rest);
    }
}
