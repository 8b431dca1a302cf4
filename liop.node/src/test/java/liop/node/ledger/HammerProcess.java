package liop.node.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A ledger hammer ({@link LedgerHammer}, {@link PostgresLedgerHammer}) in a JVM of its own, so
 * that a test can kill it with {@code kill -9} in the middle of charging.
 */
final class HammerProcess {

    private HammerProcess() {}

    static Process start(Class<?> hammer, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), hammer.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The last count the hammer printed as charged ({@code ok N}) before it ended. */
    static long acknowledged(Process process) throws IOException {
        long last = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("ok ")) {
                    last = Long.parseLong(line.substring(3));
                }
            }
        }
        return last;
    }
}
