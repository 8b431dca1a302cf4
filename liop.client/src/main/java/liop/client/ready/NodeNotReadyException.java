package liop.client.ready;

import java.time.Duration;
import java.util.List;

/** The node did not become ready in time; {@link #missing()} says what it was still waiting for. */
public final class NodeNotReadyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    public NodeNotReadyException(Duration timeout, List<String> missing) {
        super("the node was not ready after " + timeout.toMillis() / 1000.0 + " s:\n  " + String.join("\n  ", missing));
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}
