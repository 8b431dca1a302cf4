package liop.node;

import java.util.List;
import liop.node.data.Dataset;
import liop.node.policy.DatasetPolicy;

/** Finds datasets by name for the pipeline. */
public interface DatasetCatalog {

    Lookup find(String name);

    /** Every dataset that loaded. */
    List<Dataset> available();

    /** A catalog without datasets. */
    static DatasetCatalog none() {
        return new DatasetCatalog() {
            @Override
            public Lookup find(String name) {
                return new Lookup.Missing(List.of());
            }

            @Override
            public List<Dataset> available() {
                return List.of();
            }
        };
    }

    sealed interface Lookup {
        record Found(Dataset dataset, DatasetPolicy policy) implements Lookup {
            public Found(Dataset dataset) {
                this(dataset, DatasetPolicy.INHERIT);
            }
        }

        /** Configured, but it failed to load. */
        record Broken(String problem) implements Lookup {}

        record Missing(List<String> known) implements Lookup {}
    }
}
