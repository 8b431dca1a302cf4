package liop.node.exec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads what a guest wrote on stdout: exactly one JSON value (whitespace around it is fine). Anything
 * else is an error the module's author can act on.
 */
public final class GuestOutput {

    private static final int MAX_NESTING = 256;

    // Guests are strangers: bound nesting so a deeply nested output cannot blow the parser's stack.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GuestOutput() {}

    /** The parsed output, or an explanation of why stdout is not one JSON value. */
    public sealed interface Parsed {
        record Value(JsonNode json) implements Parsed {}

        record Malformed(String reason) implements Parsed {}
    }

    public static Parsed parse(byte[] stdout, boolean truncated, int stdoutMaxBytes) {
        if (truncated) {
            return new Parsed.Malformed("the module wrote more than " + stdoutMaxBytes + " bytes to stdout (stdout.max.bytes); return a smaller result, e.g. an aggregate");
        }
        if (isBlank(stdout)) {
            return new Parsed.Malformed("the module wrote nothing to stdout; a LIOP module prints its result as one JSON value");
        }
        try (JsonParser parser = MAPPER.createParser(stdout)) {
            return new Parsed.Value(MAPPER.readTree(parser));
        } catch (StreamConstraintsException e) {
            return new Parsed.Malformed("the module's stdout is not one JSON value: it nests deeper than " + MAX_NESTING + " levels");
        } catch (MismatchedInputException e) {
            return new Parsed.Malformed("the module's stdout is not one JSON value: more follows the first value" + at(e));
        } catch (JsonProcessingException e) {
            return new Parsed.Malformed("the module's stdout is not one JSON value: " + reason(e) + at(e));
        } catch (IOException e) {
            return new Parsed.Malformed("the module's stdout could not be read as JSON");
        }
    }

    /** The parser's complaint in a few words of ours: agents should not have to read Jackson. */
    private static String reason(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("UTF-8") || message.contains("UTF8")) {
            return "it is not valid UTF-8";
        }
        if (message.contains("end-of-input") || message.contains("Unexpected end")) {
            return "it ends in the middle of a value";
        }
        return "invalid JSON";
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getByteOffset() < 0 ? "" : " (at byte " + e.getLocation().getByteOffset() + ")";
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
