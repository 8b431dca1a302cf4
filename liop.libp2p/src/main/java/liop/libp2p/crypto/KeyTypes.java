package liop.libp2p.crypto;

/** The names of libp2p's {@code KeyType} enum, for error messages about keys we do not take. */
final class KeyTypes {

    private KeyTypes() {}

    static String name(long type) {
        return switch ((int) type) {
            case 0 -> "RSA";
            case 1 -> "Ed25519";
            case 2 -> "Secp256k1";
            case 3 -> "ECDSA";
            default -> type < 0 ? "(missing)" : String.valueOf(type);
        };
    }
}
