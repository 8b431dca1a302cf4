package liop.node;

import java.util.List;
import liop.node.data.Dataset;

/** Finds datasets by name for the pipeline. */
public interface DatasetCatalog {

    Lookup find(String name);

    /** Every dataset that loaded. */
    List<Dataset> available();

    sealed interface Lookup {
        record Found(Dataset dataset) implements Lookup {}

        /** Configured, but it failed to load. */
        record Broken(String problem) implements Lookup {}

        record Missing(List<String> known) implements Lookup {}
    }
}
