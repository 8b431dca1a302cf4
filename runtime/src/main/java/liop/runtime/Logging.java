package liop.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sets up java.util.logging, where everything logs: the LIOP bundles (System.Logger), Felix (through
 * {@link FelixLogger}) and fileinstall. One line per event on stderr, in the format of
 * etc/logging.properties, which operators edit to change levels.
 */
final class Logging {

    /** Used when etc/logging.properties is missing. */
    static final String DEFAULT_CONFIGURATION = """
            handlers=java.util.logging.ConsoleHandler
            .level=INFO
            java.util.logging.ConsoleHandler.level=ALL
            java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
            java.util.logging.SimpleFormatter.format=%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n
            """;

    private Logging() {}

    /**
     * Reads the logging configuration, unless the JVM was given one with
     * {@code -Djava.util.logging.config.file}.
     *
     * @param quiet warnings and errors only, for {@code liop exec}: its output is the result
     */
    static void configure(Optional<Path> configuration, boolean quiet) {
        if (System.getProperty("java.util.logging.config.file") == null) {
            try (InputStream in = configuration.isPresent()
                    ? Files.newInputStream(configuration.get())
                    : new ByteArrayInputStream(DEFAULT_CONFIGURATION.getBytes(StandardCharsets.ISO_8859_1))) {
                LogManager.getLogManager().readConfiguration(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the logging configuration " + configuration.orElseThrow(), e);
            }
        }
        if (quiet) {
            Logger.getLogger("").setLevel(Level.WARNING);
        }
    }
}
