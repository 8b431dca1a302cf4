package guests;

import static guests.GuestRun.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsearchTest {

    @TempDir
    Path logs;

    @TempDir
    Path elsewhere;

    @BeforeEach
    void writeLogs() throws IOException {
        Files.writeString(logs.resolve("b.log"), "ok\nERROR one\nerror two\r\nlast ERROR"); // CRLF, no final newline
        Files.writeString(logs.resolve("a.log"), "ERROR a\n\nfine\n");
        Files.createDirectory(logs.resolve("nested"));
        Files.writeString(logs.resolve("nested/c.log"), "ERROR in a subdirectory\n");
        Files.writeString(elsewhere.resolve("secret.log"), "ERROR outside\n");
        Files.createSymbolicLink(logs.resolve("link.log"), elsewhere.resolve("secret.log"));
    }

    private GuestRun search(String params) {
        return run("logsearch", "{\"params\": " + params + "}", Map.of("/logs", logs));
    }

    @Test
    void countsMatchingLinesInTheRegularFilesOfTheDirectoryInNameOrder() {
        JsonNode result = search("{\"dir\": \"/logs\", \"pattern\": \"ERROR\"}").json();
        assertThat(result.toString()).isEqualTo("""
                {"files":2,"lines_scanned":7,"matches":3,"first":[\
                {"file":"a.log","line":1,"text":"ERROR a"},\
                {"file":"b.log","line":2,"text":"ERROR one"},\
                {"file":"b.log","line":4,"text":"last ERROR"}]}""");
    }

    @Test
    void ignoreCaseFoldsAsciiLetters() {
        JsonNode result = search("{\"dir\": \"/logs\", \"pattern\": \"Error\", \"ignore_case\": true}").json();
        assertThat(result.get("matches").asInt()).isEqualTo(4);
        // The carriage return of a CRLF line is not part of its text.
        assertThat(result.get("first").get(2).toString()).isEqualTo("{\"file\":\"b.log\",\"line\":3,\"text\":\"error two\"}");
    }

    @Test
    void maxLinesBoundsTheLinesShownButNotTheCount() {
        JsonNode one = search("{\"dir\": \"/logs\", \"pattern\": \"ERROR\", \"max_lines\": 1}").json();
        assertThat(one.get("matches").asInt()).isEqualTo(3);
        assertThat(one.get("first")).hasSize(1);
        JsonNode none = search("{\"dir\": \"/logs\", \"pattern\": \"ERROR\", \"max_lines\": 0}").json();
        assertThat(none.get("matches").asInt()).isEqualTo(3);
        assertThat(none.get("first")).isEmpty();
    }

    @Test
    void findsPatternsAnywhereInLinesOfAnyLength() throws IOException {
        // The guest reads 64 KiB at a time: put the match across that boundary, far past the
        // part of the line it keeps as text, and make it need backtracking (ERRERROR in ERRERRERROR).
        String line = "x".repeat(65536 - 6) + "ERRERRERROR" + "y".repeat(100_000);
        Files.writeString(logs.resolve("a.log"), line + "\nERRERR\n");
        Files.delete(logs.resolve("b.log"));
        JsonNode result = search("{\"dir\": \"/logs\", \"pattern\": \"ERRERROR\"}").json();
        assertThat(result.get("lines_scanned").asInt()).isEqualTo(2);
        assertThat(result.get("matches").asInt()).isEqualTo(1);
        JsonNode match = result.get("first").get(0);
        assertThat(match.get("line").asInt()).isEqualTo(1);
        assertThat(match.get("text").asText()).hasSize(1024).isEqualTo(line.substring(0, 1024));
        assertThat(match.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() throws IOException {
        Files.write(logs.resolve("a.log"), new byte[] {'E', 'R', 'R', 'O', 'R', ' ', (byte) 0xff, '"', '\t', '\n'});
        JsonNode first = search("{\"dir\": \"/logs\", \"pattern\": \"ERROR\"}").json().get("first").get(0);
        assertThat(first.get("text").asText()).isEqualTo("ERROR \uFFFD\"\t");
    }

    @Test
    void anEmptyDirectoryHasNothingToFind() throws IOException {
        JsonNode result = run("logsearch", "{\"params\": {\"dir\": \"/empty\", \"pattern\": \"x\"}}",
                Map.of("/empty", Files.createDirectory(elsewhere.resolve("empty")))).json();
        assertThat(result.toString()).isEqualTo("{\"files\":0,\"lines_scanned\":0,\"matches\":0,\"first\":[]}");
    }

    @Test
    void aDirectoryThatIsNotGrantedEndsWithExitCode2() {
        search("{\"dir\": \"/etc\", \"pattern\": \"root\"}")
                .assertFailed(2, "cannot open directory /etc")
                .assertFailed(2, "capability fs.read:/etc");
        run("logsearch", "{\"params\": {\"dir\": \"/logs\", \"pattern\": \"ERROR\"}}")
                .assertFailed(2, "cannot open directory /logs");
    }

    @Test
    void badParamsAreRejected() {
        search("{\"pattern\": \"ERROR\"}").assertFailed(1, "params.dir is required");
        search("{\"dir\": \"/logs\"}").assertFailed(1, "params.pattern is required");
        search("{\"dir\": \"/logs\", \"pattern\": \"\"}").assertFailed(1, "params.pattern must not be empty");
        search("{\"dir\": \"/lo\\u0000gs\", \"pattern\": \"x\"}").assertFailed(1, "params.dir must not contain NUL");
        search("{\"dir\": \"/logs\", \"pattern\": \"x\", \"max_lines\": 5000}")
                .assertFailed(1, "params.max_lines must be an integer from 0 to 1000, got 5000");
        search("{\"dir\": \"/logs\", \"pattern\": \"x\", \"max_lines\": 2.5}")
                .assertFailed(1, "params.max_lines must be an integer from 0 to 1000, got 2.5");
        search("{\"dir\": \"/logs\", \"pattern\": \"x\", \"ignore_case\": \"yes\"}")
                .assertFailed(1, "params.ignore_case must be true or false, got a string");
    }
}
