package liop.client.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Locale;
import liop.api.node.LogicResult;

/** How {@code liop exec} prints a {@link LogicResult}: for people, or as one JSON object. */
public final class ResultFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private ResultFormat() {}

    /**
     * The result as one line of JSON with exactly these members, in this order: {@code status}
     * (the wire name, e.g. {@code ok}, {@code out_of_fuel}), {@code output} (the module's JSON value,
     * or null), {@code error}, {@code engine} and {@code module_sha256} (strings, empty when there
     * is none), {@code fuel_used}, {@code elapsed_ms}, {@code peak_memory_bytes} (numbers).
     */
    public static String json(LogicResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", result.status().wireName());
        node.set("output", outputValue(result));
        node.put("error", result.error());
        node.put("engine", result.engine());
        node.put("module_sha256", result.moduleSha256());
        node.put("fuel_used", result.fuelUsed());
        node.put("elapsed_ms", result.elapsedMillis());
        node.put("peak_memory_bytes", result.peakMemoryBytes());
        return node.toString();
    }

    /** The result for people: a few labelled lines, then the output pretty-printed. */
    public static String human(LogicResult result) {
        StringBuilder text = new StringBuilder();
        line(text, "status", result.status().wireName());
        if (!result.error().isEmpty()) {
            line(text, "error", result.error());
        }
        line(text, "engine", result.engine().isEmpty() ? "none (the module did not reach an engine)" : result.engine());
        if (!result.moduleSha256().isEmpty()) {
            line(text, "module", "sha256:" + result.moduleSha256());
        }
        line(text, "fuel", String.format(Locale.ROOT, "%,d", result.fuelUsed()));
        line(text, "time", result.elapsedMillis() + " ms");
        line(text, "memory", bytes(result.peakMemoryBytes()) + " peak");
        if (result.outputJson() != null) {
            text.append("output:\n").append(pretty(result.outputJson())).append('\n');
        }
        return text.toString().stripTrailing();
    }

    /** The module's stderr, if it wrote any, marked so it cannot be taken for the result. */
    public static void diagnostics(LogicResult result, PrintStream err) {
        if (!result.diagnostics().isEmpty()) {
            err.println("module stderr:");
            result.diagnostics().lines().forEach(l -> err.println("  | " + l));
        }
    }

    /** The output as a JSON value; text the node let through that is not JSON stays a string. */
    private static JsonNode outputValue(LogicResult result) {
        if (result.outputJson() == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(result.outputJson());
        } catch (JacksonException e) {
            return JSON.getNodeFactory().textNode(result.outputJson());
        }
    }

    static String pretty(String json) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(JSON.readTree(json));
        } catch (JacksonException e) {
            return json;
        }
    }

    /** A labelled value; the lines of a multi-line value (a compiler's message) stay aligned. */
    private static void line(StringBuilder text, String label, String value) {
        String indented = String.join("\n" + " ".repeat(8), value.lines().toList());
        text.append(String.format(Locale.ROOT, "%-7s %s", label, indented)).append('\n');
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
