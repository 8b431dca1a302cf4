package liop.node.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts hidden in a string by common encodings: runs that look like base64 (standard or URL
 * alphabet) or hex are decoded, so a value smuggled as {@code MTIzLTQ1LTY3ODk=} is seen as
 * {@code 123-45-6789}.
 */
final class EncodedText {

    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");
    private static final Pattern HEX_RUN = Pattern.compile("(?:[0-9a-fA-F]{2}){4,}");

    private EncodedText() {}

    static List<String> decodedFrom(String text) {
        List<String> decoded = new ArrayList<>();
        Matcher hex = HEX_RUN.matcher(text);
        while (hex.find()) {
            decoded.add(new String(HexFormat.of().parseHex(hex.group()), StandardCharsets.ISO_8859_1));
        }
        Matcher base64 = BASE64_RUN.matcher(text);
        while (base64.find()) {
            String run = base64.group();
            // A run may start mid-way through an encoded value: try each of the 4 alignments.
            for (int skip = 0; skip < 4 && run.length() - skip >= 8; skip++) {
                decodeBase64(run.substring(skip)).ifPresent(decoded::add);
            }
        }
        return decoded;
    }

    private static Optional<String> decodeBase64(String run) {
        String body = run.replace("=", "");
        if (body.length() % 4 == 1) {
            body = body.substring(0, body.length() - 1); // one stray character cannot be decoded
        }
        boolean urlSafe = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
        try {
            byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(padded(body));
            return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static String padded(String body) {
        int remainder = body.length() % 4;
        return remainder == 0 ? body : body + "=".repeat(4 - remainder);
    }
}
