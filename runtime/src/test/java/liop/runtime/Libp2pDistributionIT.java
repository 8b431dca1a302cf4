package liop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution over libp2p, through its bin/liop: a node (its transport on a free loopback
 * port) prints its PeerId and full multiaddr at start; another installation runs a sample on it
 * with {@code liop exec --node}, which prints what the local form prints, as the identity its
 * {@code liop id} prints; a wrong PeerId is refused.
 */
class Libp2pDistributionIT {

    private static final Path HOME = Path.of(System.getProperty("liop.dist", "target/liop")).toAbsolutePath();

    @TempDir
    Path nodeBase;

    @TempDir
    Path agentBase;

    @Test
    void anotherInstallationRunsASampleOnTheNodeOverLibp2p() throws Exception {
        copyDefaultEtc(nodeBase);
        Files.writeString(nodeBase.resolve("etc/liop.transport.libp2p.cfg"), "listen.addresses = /ip4/127.0.0.1/tcp/0\n");
        Process node = start(nodeBase, List.of());
        StringBuilder nodeLog = new StringBuilder();
        // A thread of its own: the common pool may have a single thread on a small machine, which the
        // reads of each liop command's stderr need.
        Thread logReader = Thread.ofPlatform().daemon().name("node-log").start(() -> copyLines(node.getErrorStream(), nodeLog));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> banner = new ArrayList<>();
            for (String line = out.readLine(); line != null && !line.startsWith("running"); line = out.readLine()) {
                banner.add(line);
            }
            int libp2p = indexOf(banner, "libp2p    12D3KooW");
            assertThat(libp2p).as("banner %s", banner).isNotNegative();
            String peerId = banner.get(libp2p).substring("libp2p    ".length()).strip();
            String address = banner.get(libp2p + 1).strip();
            assertThat(address).matches("/ip4/127\\.0\\.0\\.1/tcp/[1-9][0-9]*/p2p/" + peerId);
            assertThat(nodeBase.resolve("data/node.key")).as("created on first start").isRegularFile();
            assertThat(banner).anyMatch(l -> l.contains("bin/liop exec --node " + address + " hello"));

            Run remote = liop(agentBase, "exec", "--node", address, "hello");
            Run local = liop(agentBase, "exec", "hello");
            Run id = liop(agentBase, "id");

            assertThat(remote.exitCode).as(remote.stderr).isZero();
            assertThat(withoutTime(remote.stdout)).isEqualTo(withoutTime(local.stdout)).contains("\"hello\": \"world\"");
            assertThat(id.exitCode).as(id.stderr).isZero();
            String agent = id.stdout.lines().findFirst().orElseThrow();
            assertThat(agent).startsWith("12D3KooW").isNotEqualTo(peerId);
            assertThat(id.stdout).contains("address   /ip4/127.0.0.1/tcp/4001/p2p/" + agent);
            awaitLog(nodeLog, "execute agent=peer:" + agent);

            String impostor = address.replace(peerId, agent);
            Run refused = liop(agentBase, "exec", "--node", impostor, "hello");
            assertThat(refused.exitCode).isEqualTo(3);
            assertThat(refused.stdout).isEmpty();
            assertThat(refused.stderr).contains("unreachable").contains("expected peer " + agent);
        } finally {
            node.destroy();
            assertThat(node.waitFor(20, TimeUnit.SECONDS)).as("the node stops on SIGTERM").isTrue();
            logReader.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static String withoutTime(String text) {
        return text.lines().filter(l -> !l.startsWith("time")).reduce("", (a, b) -> a + b + "\n");
    }

    private static void awaitLog(StringBuilder log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (log) {
                if (log.indexOf(text) >= 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        synchronized (log) {
            assertThat(log.toString()).contains(text);
        }
    }

    private static void copyLines(InputStream in, StringBuilder into) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (into) {
                    into.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyDefaultEtc(Path base) throws IOException {
        Files.createDirectories(base.resolve("etc"));
        try (Stream<Path> files = Files.list(HOME.resolve("etc"))) {
            for (Path file : files.toList()) {
                Files.copy(file, base.resolve("etc").resolve(file.getFileName()));
            }
        }
    }

    private static Run liop(Path base, String... args) throws IOException, InterruptedException {
        Process process = start(base, List.of(args));
        process.getOutputStream().close();
        CompletableFuture<String> stderr = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> stderr.complete(readAll(process.getErrorStream())));
        String stdout = readAll(process.getInputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("liop " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), stdout, stderr.join());
    }

    private static Process start(Path base, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/liop").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile());
        builder.environment().put("LIOP_BASE", base.toString());
        builder.environment().remove("LIOP_HOME");
        return builder.start();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {}
}
