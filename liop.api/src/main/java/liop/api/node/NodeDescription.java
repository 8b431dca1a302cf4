package liop.api.node;

import java.util.List;
import liop.api.engine.EngineInfo;

/**
 * What a node offers, so that an agent writes logic only against what exists.
 *
 * @param engines the engines installed; the first one serves requests that name none
 * @param datasets the datasets and their fields
 * @param grants the capabilities the operator's manifest grants, in their text forms
 */
public record NodeDescription(List<EngineInfo> engines, List<DatasetDescription> datasets, List<String> grants) {
    public NodeDescription {
        engines = List.copyOf(engines);
        datasets = List.copyOf(datasets);
        grants = List.copyOf(grants);
    }
}
