/**
 * The {@code liop} command line, run inside the framework next to the node. See
 * {@link liop.client.cli.CliContract} for how the launcher calls it.
 */
package liop.client.cli;
