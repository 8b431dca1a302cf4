package liop.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sample guests {@code aggregate} and {@code primes} written in plain Java: the limit an engine
 * can approach. The same logic as the C sources in {@code guests/src} (read the whole request, parse
 * it into a tree, walk it), the same input on stdin, the same bytes on stdout; {@link EngineReport}
 * checks the outputs against the guests' before it measures anything.
 */
final class JavaReference {

    private JavaReference() {}

    /** What one execution holds while it runs: its copy of the input, the parsed tree, its work. */
    record Execution(byte[] input, Json document, Object work, byte[] stdout) {}

    static Execution run(String guest, byte[] stdin) {
        byte[] input = stdin.clone(); // a guest reads its stdin into its own memory
        Json document = new JsonParser(input).document();
        Json params = document.get("params");
        return switch (guest) {
            case "aggregate" -> aggregate(input, document, params, document.get("records"));
            case "primes" -> primes(input, document, params);
            default -> throw new IllegalArgumentException("no Java reference for guest '" + guest + "'");
        };
    }

    // --- aggregate.c ----------------------------------------------------------------------------

    private record Sample(byte[] key, double value, int position) {}

    private static Execution aggregate(byte[] input, Json document, Json params, Json records) {
        byte[] groupBy = stringParam(params, "group_by", "condition");
        byte[] field = stringParam(params, "field", "age");
        byte[] averageName = concat("avg_".getBytes(UTF_8), field);
        List<Json> children = records == null ? List.of() : records.children;
        Sample[] samples = new Sample[children.size()];
        int used = 0;
        int skipped = 0;
        for (Json record : children) {
            Json key = record.get(groupBy);
            Json value = record.get(field);
            if (key == null || key.type != Json.Type.STRING || value == null || value.type != Json.Type.NUMBER
                    || !Double.isFinite(value.number)) {
                skipped++;
                continue;
            }
            samples[used] = new Sample(key.string, value.number, used);
            used++;
        }
        Sample[] sorted = Arrays.copyOf(samples, used);
        // Arrays.sort on objects is stable: equal keys keep input order, as the C comparator's position does.
        Arrays.sort(sorted, (a, b) -> Arrays.compareUnsigned(a.key, b.key));

        JsonWriter out = new JsonWriter();
        out.beginObject();
        out.key("total".getBytes(UTF_8)).integer(used);
        out.key("skipped".getBytes(UTF_8)).integer(skipped);
        out.key("groups".getBytes(UTF_8)).beginArray();
        for (int first = 0; first < used;) {
            int end = first;
            double sum = 0;
            while (end < used && Arrays.equals(sorted[first].key, sorted[end].key)) {
                sum += sorted[end].value;
                end++;
            }
            int count = end - first;
            out.beginObject();
            out.key(groupBy).string(sorted[first].key);
            out.key("count".getBytes(UTF_8)).integer(count);
            out.key(averageName).fixed2(sum / count);
            out.endObject();
            first = end;
        }
        out.endArray();
        out.endObject();
        return new Execution(input, document, sorted, out.finish());
    }

    // --- primes.c -------------------------------------------------------------------------------

    private static Execution primes(byte[] input, Json document, Json params) {
        Json nValue = params == null ? null : params.get("n");
        if (nValue == null || nValue.type != Json.Type.NUMBER) {
            throw new IllegalArgumentException("primes: params.n is required");
        }
        long n = (long) nValue.number;
        long count = 0;
        long largest = 0;
        if (n >= 2) {
            count = 1;
            largest = 2;
        }
        for (long candidate = 3; candidate <= n; candidate += 2) {
            if (isOddPrime(candidate)) {
                count++;
                largest = candidate;
            }
        }
        JsonWriter out = new JsonWriter();
        out.beginObject();
        out.key("n".getBytes(UTF_8)).integer(n);
        out.key("count".getBytes(UTF_8)).integer(count);
        out.key("largest".getBytes(UTF_8));
        if (largest == 0) {
            out.raw("null");
        } else {
            out.integer(largest);
        }
        out.endObject();
        return new Execution(input, document, null, out.finish());
    }

    private static boolean isOddPrime(long candidate) {
        for (long divisor = 3; divisor * divisor <= candidate; divisor += 2) {
            if (candidate % divisor == 0) {
                return false;
            }
        }
        return true;
    }

    // --- guest.c / json.c -----------------------------------------------------------------------

    private static byte[] stringParam(Json params, String name, String fallback) {
        Json value = params == null ? null : params.get(name);
        if (value == null || value.type == Json.Type.NULL) {
            return fallback.getBytes(UTF_8);
        }
        if (value.type != Json.Type.STRING) {
            throw new IllegalArgumentException("params." + name + " must be a string");
        }
        return value.string;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /** A parsed JSON value, as json.h's json_value: members keep their order and duplicates. */
    static final class Json {
        enum Type { NULL, FALSE, TRUE, NUMBER, STRING, ARRAY, OBJECT }

        final Type type;
        byte[] key; // as a member of an object
        double number;
        byte[] string;
        List<Json> children;

        Json(Type type) {
            this.type = type;
        }

        Json get(String name) {
            return get(name.getBytes(UTF_8));
        }

        /** The last member of that name, as json_get_n. */
        Json get(byte[] name) {
            if (type != Type.OBJECT) {
                return null;
            }
            Json found = null;
            for (Json member : children) {
                if (Arrays.equals(member.key, name)) {
                    found = member;
                }
            }
            return found;
        }
    }

    /** A recursive-descent parser over the UTF-8 bytes; strings are decoded to UTF-8 bytes. */
    static final class JsonParser {
        private final byte[] in;
        private int at;

        JsonParser(byte[] in) {
            this.in = in;
        }

        Json document() {
            Json value = value(0);
            skipBlanks();
            if (at != in.length) {
                throw error("trailing characters");
            }
            return value;
        }

        private Json value(int depth) {
            if (depth > 512) {
                throw error("nested too deeply");
            }
            skipBlanks();
            if (at >= in.length) {
                throw error("unexpected end");
            }
            switch (in[at]) {
                case '{': {
                    at++;
                    Json object = new Json(Json.Type.OBJECT);
                    object.children = new ArrayList<>();
                    skipBlanks();
                    if (peek() == '}') {
                        at++;
                        return object;
                    }
                    while (true) {
                        skipBlanks();
                        byte[] key = string();
                        skipBlanks();
                        expect(':');
                        Json member = value(depth + 1);
                        member.key = key;
                        object.children.add(member);
                        skipBlanks();
                        if (peek() == ',') {
                            at++;
                        } else {
                            expect('}');
                            return object;
                        }
                    }
                }
                case '[': {
                    at++;
                    Json array = new Json(Json.Type.ARRAY);
                    array.children = new ArrayList<>();
                    skipBlanks();
                    if (peek() == ']') {
                        at++;
                        return array;
                    }
                    while (true) {
                        array.children.add(value(depth + 1));
                        skipBlanks();
                        if (peek() == ',') {
                            at++;
                        } else {
                            expect(']');
                            return array;
                        }
                    }
                }
                case '"': {
                    Json string = new Json(Json.Type.STRING);
                    string.string = string();
                    return string;
                }
                case 't':
                    literal("true");
                    return new Json(Json.Type.TRUE);
                case 'f':
                    literal("false");
                    return new Json(Json.Type.FALSE);
                case 'n':
                    literal("null");
                    return new Json(Json.Type.NULL);
                default:
                    return number();
            }
        }

        private Json number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            while (at < in.length && (Character.isDigit(in[at]) || in[at] == '.' || in[at] == 'e' || in[at] == 'E'
                    || in[at] == '+' || in[at] == '-')) {
                at++;
            }
            if (at == start) {
                throw error("unexpected character");
            }
            Json number = new Json(Json.Type.NUMBER);
            number.number = Double.parseDouble(new String(in, start, at - start, java.nio.charset.StandardCharsets.ISO_8859_1));
            return number;
        }

        private byte[] string() {
            expect('"');
            ByteArrayOutputStream out = null;
            int start = at;
            while (true) {
                if (at >= in.length) {
                    throw error("unterminated string");
                }
                byte c = in[at];
                if (c == '"') {
                    byte[] result;
                    if (out == null) {
                        result = Arrays.copyOfRange(in, start, at);
                    } else {
                        out.write(in, start, at - start);
                        result = out.toByteArray();
                    }
                    at++;
                    return result;
                }
                if (c == '\\') {
                    if (out == null) {
                        out = new ByteArrayOutputStream();
                    }
                    out.write(in, start, at - start);
                    at++;
                    byte escaped = in[at++];
                    switch (escaped) {
                        case 'n' -> out.write('\n');
                        case 't' -> out.write('\t');
                        case 'r' -> out.write('\r');
                        case 'b' -> out.write('\b');
                        case 'f' -> out.write('\f');
                        case 'u' -> {
                            int code = Integer.parseInt(new String(in, at, 4, UTF_8), 16);
                            at += 4;
                            if (Character.isHighSurrogate((char) code) && at + 6 <= in.length && in[at] == '\\' && in[at + 1] == 'u') {
                                int low = Integer.parseInt(new String(in, at + 2, 4, UTF_8), 16);
                                at += 6;
                                code = Character.toCodePoint((char) code, (char) low);
                            }
                            out.writeBytes(new String(Character.toChars(code)).getBytes(UTF_8));
                        }
                        default -> out.write(escaped);
                    }
                    start = at;
                } else {
                    at++;
                }
            }
        }

        private void literal(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (at >= in.length || in[at++] != word.charAt(i)) {
                    throw error("invalid literal");
                }
            }
        }

        private void skipBlanks() {
            while (at < in.length && (in[at] == ' ' || in[at] == '\n' || in[at] == '\r' || in[at] == '\t')) {
                at++;
            }
        }

        private int peek() {
            return at < in.length ? in[at] : -1;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed JSON at byte " + at + ": " + what);
        }
    }

    /** Compact JSON as json.c's writer: no blanks, a newline at the end. */
    static final class JsonWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        private boolean needsComma;

        JsonWriter beginObject() {
            before();
            out.write('{');
            needsComma = false;
            return this;
        }

        JsonWriter endObject() {
            out.write('}');
            needsComma = true;
            return this;
        }

        JsonWriter beginArray() {
            before();
            out.write('[');
            needsComma = false;
            return this;
        }

        JsonWriter endArray() {
            out.write(']');
            needsComma = true;
            return this;
        }

        JsonWriter key(byte[] key) {
            before();
            quoted(key);
            out.write(':');
            needsComma = false;
            return this;
        }

        JsonWriter string(byte[] value) {
            before();
            quoted(value);
            needsComma = true;
            return this;
        }

        JsonWriter integer(long value) {
            return raw(Long.toString(value));
        }

        /** printf's %.2f: the exact binary value rounded half to even, as C's printf does. */
        JsonWriter fixed2(double value) {
            return raw(new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString());
        }

        JsonWriter raw(String text) {
            before();
            out.writeBytes(text.getBytes(UTF_8));
            needsComma = true;
            return this;
        }

        byte[] finish() {
            out.write('\n');
            return out.toByteArray();
        }

        private void before() {
            if (needsComma) {
                out.write(',');
            }
        }

        private void quoted(byte[] s) {
            out.write('"');
            for (byte b : s) {
                int c = b & 0xff;
                switch (c) {
                    case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                    case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                    case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                    case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                    case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                    default -> {
                        if (c < 0x20) {
                            out.writeBytes(String.format("\\u%04x", c).getBytes(UTF_8));
                        } else {
                            out.write(c);
                        }
                    }
                }
            }
            out.write('"');
        }
    }
}
