package liop.node.data;

/** A dataset could not be loaded; the message names the file and what is wrong with it. */
public final class DatasetException extends Exception {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }
}
