package liop.api.enclave;

/** The enclave could not do what was asked; the message says why. */
public class EnclaveException extends Exception {
    private static final long serialVersionUID = 1L;

    public EnclaveException(String message) {
        super(message);
    }

    public EnclaveException(String message, Throwable cause) {
        super(message, cause);
    }
}
