package liop.libp2p.datanode;

import com.google.protobuf.ByteString;
import java.util.List;
import liop.api.engine.EngineInfo;
import liop.api.engine.ExecutionStatus;
import liop.api.node.DatasetDescription;
import liop.api.node.FieldDescription;
import liop.api.node.LogicRequest;
import liop.api.node.LogicResult;
import liop.api.node.NodeDescription;
import liop.api.wire.v1.Dataset;
import liop.api.wire.v1.DescribeResponse;
import liop.api.wire.v1.Engine;
import liop.api.wire.v1.Field;
import liop.api.wire.v1.LogicResponse;
import liop.api.wire.v1.Status;

/**
 * Between the API records ({@code liop.api.node}) and the wire messages ({@code liop.api.wire.v1}),
 * both ways: the node reads requests and writes results, the client the other way round. What
 * proto3 cannot tell from a default (an empty string) maps to the API's "none".
 */
public final class WireMapping {

    private WireMapping() {}

    // ---- requests ----

    public static liop.api.wire.v1.LogicRequest toWire(LogicRequest request) {
        liop.api.wire.v1.LogicRequest.Builder wire = liop.api.wire.v1.LogicRequest.newBuilder()
                .setModule(ByteString.copyFrom(request.module()))
                .setModuleSha256(request.moduleSha256())
                .addAllCapabilities(request.capabilities())
                .setEngine(request.engine());
        if (request.paramsJson() != null) {
            wire.setParamsJson(request.paramsJson());
        }
        return wire.build();
    }

    public static LogicRequest fromWire(liop.api.wire.v1.LogicRequest wire) {
        String params = wire.getParamsJson().isEmpty() ? null : wire.getParamsJson();
        return new LogicRequest(wire.getModule().toByteArray(), wire.getModuleSha256(), params, wire.getCapabilitiesList(), wire.getEngine());
    }

    // ---- results: the module's stderr (diagnostics) is for local operators and never goes out ----

    public static LogicResponse toWire(LogicResult result) {
        LogicResponse.Builder wire = LogicResponse.newBuilder()
                .setStatus(toWire(result.status()))
                .setError(result.error())
                .setEngine(result.engine())
                .setModuleSha256(result.moduleSha256())
                .setFuelUsed(result.fuelUsed())
                .setElapsedMillis(result.elapsedMillis())
                .setPeakMemoryBytes(result.peakMemoryBytes());
        if (result.outputJson() != null) {
            wire.setOutputJson(result.outputJson());
        }
        return wire.build();
    }

    public static LogicResult fromWire(LogicResponse wire) {
        ExecutionStatus status = fromWire(wire.getStatus());
        String output = status == ExecutionStatus.OK ? wire.getOutputJson() : null;
        String error = wire.getError();
        if (isUnknown(wire.getStatus())) {
            error = "the node answered status " + wire.getStatusValue() + ", which this client does not know (a newer node?)"
                    + (error.isEmpty() ? "" : ": " + error);
        }
        return new LogicResult(status, output, error, wire.getEngine(), wire.getModuleSha256(),
                wire.getFuelUsed(), wire.getElapsedMillis(), wire.getPeakMemoryBytes(), "");
    }

    public static Status toWire(ExecutionStatus status) {
        return switch (status) {
            case OK -> Status.STATUS_OK;
            case TRAP -> Status.STATUS_TRAP;
            case OUT_OF_FUEL -> Status.STATUS_OUT_OF_FUEL;
            case OUT_OF_MEMORY -> Status.STATUS_OUT_OF_MEMORY;
            case DEADLINE -> Status.STATUS_DEADLINE;
            case FAILED -> Status.STATUS_FAILED;
            case DENIED -> Status.STATUS_DENIED;
            case INVALID -> Status.STATUS_INVALID;
            case UNAVAILABLE -> Status.STATUS_UNAVAILABLE;
            case MODULE_REQUIRED -> Status.STATUS_MODULE_REQUIRED;
        };
    }

    /** A status this build does not know (a newer node's) reads as FAILED, its number kept in the error. */
    public static ExecutionStatus fromWire(Status status) {
        return switch (status) {
            case STATUS_OK -> ExecutionStatus.OK;
            case STATUS_TRAP -> ExecutionStatus.TRAP;
            case STATUS_OUT_OF_FUEL -> ExecutionStatus.OUT_OF_FUEL;
            case STATUS_OUT_OF_MEMORY -> ExecutionStatus.OUT_OF_MEMORY;
            case STATUS_DEADLINE -> ExecutionStatus.DEADLINE;
            case STATUS_FAILED -> ExecutionStatus.FAILED;
            case STATUS_DENIED -> ExecutionStatus.DENIED;
            case STATUS_INVALID -> ExecutionStatus.INVALID;
            case STATUS_UNAVAILABLE -> ExecutionStatus.UNAVAILABLE;
            case STATUS_MODULE_REQUIRED -> ExecutionStatus.MODULE_REQUIRED;
            case STATUS_UNSPECIFIED, UNRECOGNIZED -> ExecutionStatus.FAILED;
        };
    }

    private static boolean isUnknown(Status status) {
        return status == Status.STATUS_UNSPECIFIED || status == Status.UNRECOGNIZED;
    }

    // ---- descriptions ----

    public static DescribeResponse toWire(NodeDescription description, String nodeId) {
        DescribeResponse.Builder wire = DescribeResponse.newBuilder().setNodeId(nodeId).addAllGrants(description.grants());
        for (EngineInfo engine : description.engines()) {
            wire.addEngines(Engine.newBuilder().setName(engine.name()).setImplementation(engine.implementation())
                    .setVersion(engine.version()).setMode(engine.mode()));
        }
        for (DatasetDescription dataset : description.datasets()) {
            wire.addDatasets(toWire(dataset));
        }
        return wire.build();
    }

    private static Dataset toWire(DatasetDescription dataset) {
        Dataset.Builder wire = Dataset.newBuilder().setName(dataset.name()).setDescription(dataset.description())
                .setRecordCount(dataset.recordCount());
        if (dataset.dictionary().isEmpty()) {
            dataset.fields().forEach(name -> wire.addFields(Field.newBuilder().setName(name)));
        } else {
            for (FieldDescription field : dataset.dictionary()) {
                wire.addFields(Field.newBuilder().setName(field.name()).setType(field.type())
                        .setDescription(field.description()).setClassification(field.classification()));
            }
        }
        return wire.build();
    }

    public static NodeDescription fromWire(DescribeResponse wire) {
        List<EngineInfo> engines = wire.getEnginesList().stream()
                .map(e -> new EngineInfo(e.getName(), e.getImplementation(), e.getVersion(), e.getMode()))
                .toList();
        List<DatasetDescription> datasets = wire.getDatasetsList().stream().map(WireMapping::fromWire).toList();
        return new NodeDescription(engines, datasets, wire.getGrantsList());
    }

    private static DatasetDescription fromWire(Dataset wire) {
        List<String> fields = wire.getFieldsList().stream().map(Field::getName).toList();
        boolean described = wire.getFieldsList().stream().anyMatch(f -> !f.getClassification().isEmpty());
        List<FieldDescription> dictionary = !described ? List.of() : wire.getFieldsList().stream()
                .map(f -> new FieldDescription(f.getName(), f.getType(), f.getDescription(), f.getClassification()))
                .toList();
        return new DatasetDescription(wire.getName(), wire.getDescription(), fields, wire.getRecordCount(), dictionary);
    }
}
