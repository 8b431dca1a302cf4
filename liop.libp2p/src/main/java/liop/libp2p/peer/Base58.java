package liop.libp2p.peer;

import java.util.Arrays;

/**
 * Base58btc (the Bitcoin alphabet), the legacy text form of PeerIds ({@code 12D3KooW...}). The
 * conversion is quadratic in the length, so decoding takes bounded input only.
 */
public final class Base58 {

    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEXES[ALPHABET[i]] = i;
        }
    }

    private Base58() {}

    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        byte[] number = input.clone();
        char[] encoded = new char[input.length * 2];
        int out = encoded.length;
        for (int start = zeros; start < number.length; ) {
            encoded[--out] = ALPHABET[divide(number, start, 256, 58)];
            if (number[start] == 0) {
                start++;
            }
        }
        while (out < encoded.length && encoded[out] == ALPHABET[0]) {
            out++;
        }
        while (zeros-- > 0) {
            encoded[--out] = ALPHABET[0];
        }
        return new String(encoded, out, encoded.length - out);
    }

    /**
     * @throws IllegalArgumentException for characters outside the alphabet or input longer than
     *     {@code maxChars}
     */
    public static byte[] decode(String input, int maxChars) {
        if (input.length() > maxChars) {
            throw new IllegalArgumentException("base58 text of " + input.length() + " characters exceeds " + maxChars);
        }
        byte[] digits = new byte[input.length()];
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a base58 character");
            }
            digits[i] = (byte) digit;
        }
        int zeros = 0;
        while (zeros < digits.length && digits[zeros] == 0) {
            zeros++;
        }
        byte[] decoded = new byte[input.length()];
        int out = decoded.length;
        for (int start = zeros; start < digits.length; ) {
            decoded[--out] = (byte) divide(digits, start, 58, 256);
            if (digits[start] == 0) {
                start++;
            }
        }
        while (out < decoded.length && decoded[out] == 0) {
            out++;
        }
        return Arrays.copyOfRange(decoded, out - zeros, decoded.length);
    }

    /** Divides the number in {@code digits[start..]} (base {@code base}) by {@code divisor} in place; returns the remainder. */
    private static int divide(byte[] digits, int start, int base, int divisor) {
        int remainder = 0;
        for (int i = start; i < digits.length; i++) {
            int temp = remainder * base + (digits[i] & 0xFF);
            digits[i] = (byte) (temp / divisor);
            remainder = temp % divisor;
        }
        return remainder;
    }
}
