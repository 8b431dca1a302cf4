package liop.libp2p.peer;

/** RFC 4648 base32, lower case, no padding: the multibase {@code b} used by CIDv1 PeerIds. */
public final class Base32 {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {}

    public static String encode(byte[] input) {
        StringBuilder out = new StringBuilder((input.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : input) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * Decodes lower- or upper-case base32 without padding.
     *
     * @throws IllegalArgumentException for characters outside the alphabet or non-zero trailing bits
     */
    public static byte[] decode(String input) {
        byte[] out = new byte[input.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (int i = 0; i < input.length(); i++) {
            int value = ALPHABET.indexOf(Character.toLowerCase(input.charAt(i)));
            if (value < 0) {
                throw new IllegalArgumentException("'" + input.charAt(i) + "' is not a base32 character");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[written++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 text has non-zero padding bits");
        }
        return out;
    }
}
