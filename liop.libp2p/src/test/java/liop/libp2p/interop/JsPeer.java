package liop.libp2p.interop;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;

/**
 * A js-libp2p node in a Node.js process ({@code src/test/js/peer.mjs}), driven by JSON lines.
 * The first start installs its packages with {@code npm ci} from the committed lock file (a fresh
 * machine needs Node 20+ and the npm registry); later starts reuse {@code node_modules}.
 * {@code -Dliop.interop.skip=true} skips the tests that need it.
 */
final class JsPeer implements AutoCloseable {

    static final Path HOME = Path.of("src", "test", "js").toAbsolutePath();
    /** Its output and npm's go to target/, not the source tree. */
    static final Path LOGS = Path.of("target").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer commands;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    final PeerId peerId;
    final Multiaddr address;

    private JsPeer() throws Exception {
        Files.createDirectories(LOGS);
        process = new ProcessBuilder("node", "peer.mjs")
                .directory(HOME.toFile())
                .redirectError(LOGS.resolve("js-peer.log").toFile())
                .start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "js-libp2p peer");
        reader.setDaemon(true);
        reader.start();
        JsonNode hello = ready.get(30, TimeUnit.SECONDS);
        peerId = PeerId.parse(hello.get("peerId").asText());
        address = Multiaddr.parse(hello.get("addrs").get(0).asText());
    }

    static JsPeer start() throws Exception {
        assumeFalse(Boolean.getBoolean("liop.interop.skip"), "liop.interop.skip=true: no js-libp2p peer");
        install();
        return new JsPeer();
    }

    /** {@code npm ci} unless node_modules is newer than the lock file. */
    static synchronized void install() throws Exception {
        Path installed = HOME.resolve("node_modules").resolve(".package-lock.json");
        Path lock = HOME.resolve("package-lock.json");
        if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) > 0) {
            return;
        }
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("npm-ci.log");
        for (int attempt = 1; ; attempt++) { // a second try outlives a registry hiccup on CI
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                        .directory(HOME.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("the interop tests need Node.js 20+ and npm on the PATH (Debian: apt-get install nodejs npm), "
                        + "or -Dliop.interop.skip=true to leave them out", e);
            }
            if (npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0) {
                return;
            }
            npm.destroyForcibly();
            if (attempt == 2) {
                throw new IllegalStateException("npm ci in " + HOME + " failed (is the npm registry reachable?):\n" + Files.readString(log));
            }
        }
    }

    /** Sends a command and waits for its answer (whether ok or not). */
    JsonNode request(String command, Map<String, Object> arguments) throws Exception {
        int id = nextId.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("id", id).put("cmd", command);
        arguments.forEach((key, value) -> request.set(key, JSON.valueToTree(value)));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (commands) {
            commands.write(JSON.writeValueAsString(request) + "\n");
            commands.flush();
        }
        return answer.get(30, TimeUnit.SECONDS);
    }

    private void readAnswers() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode message = JSON.readTree(line);
                if (message.has("event")) {
                    ready.complete(message);
                } else {
                    CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        IllegalStateException gone = new IllegalStateException("the js-libp2p peer exited; see " + LOGS.resolve("js-peer.log"));
        ready.completeExceptionally(gone);
        pending.values().forEach(answer -> answer.completeExceptionally(gone));
    }

    static List<String> texts(JsonNode array) {
        return array == null ? List.of() : java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Override
    public void close() throws Exception {
        commands.close(); // EOF on stdin: the peer stops
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
