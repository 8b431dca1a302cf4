package liop.engine.support.run;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 by which engines know modules: checked where it is trusted, shortened where it is shown. */
public final class ModuleHash {

    private static final int SHORT_LENGTH = 12;

    private ModuleHash() {}

    /**
     * Checks that {@code sha256} is the digest of {@code wasm}, so that a cache never stores bytes
     * under another module's hash.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static void requireDigest(byte[] wasm, String sha256) {
        String actual;
        try {
            actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        if (!actual.equals(sha256)) {
            throw new IllegalArgumentException("sha256 " + sha256 + " is not the digest of the module bytes (" + actual + ")");
        }
    }

    /** The first {@value #SHORT_LENGTH} hex digits, enough to tell modules apart in logs and thread names. */
    public static String shortForm(String sha256) {
        return sha256.length() > SHORT_LENGTH ? sha256.substring(0, SHORT_LENGTH) : sha256;
    }
}
