package liop.node.hostile;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.WasmEngine;
import liop.node.DatasetCatalog;
import liop.node.NodeSettings;
import liop.node.Pipeline;
import liop.node.data.Dataset;
import liop.node.data.DatasetFormat;
import liop.node.data.DatasetException;
import liop.node.data.DatasetLoader;
import liop.node.guardian.ModuleLimits;
import liop.node.manifest.Grants;
import liop.node.policy.NodePolicy;
import liop.node.policy.Policies;
import liop.node.tier.Tier;

/**
 * The hostile corpus of {@code io.liop:guests}: {@code hostile/expectations.json} and the modules
 * beside it, read from the class path. The format is described in the corpus's README.md.
 */
record HostileCorpus(Limits limits, List<String> grants, Fixture fixture, List<Entry> entries) {

    /** The grant of the dataset every corpus pipeline carries besides the corpus's own grants. */
    static final String PATIENTS_GRANT = "dataset:patients{age,condition}";

    private static final String FOLDER = "/hostile/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Modules by file name: compiling WAT takes a while, and both engine modes use the same bytes. */
    private static final Map<String, byte[]> MODULES = new ConcurrentHashMap<>();

    HostileCorpus {
        grants = List.copyOf(grants);
        entries = List.copyOf(entries);
    }

    /** The node settings the expected outcomes assume. */
    record Limits(long fuelLimit, int memoryMaxPages, long deadlineMillis, int stdoutMaxBytes, int stderrMaxBytes, int moduleMaxBytes) {}

    /** A directory tree created afresh before the corpus runs; {@code preopen} is the granted directory. */
    record Fixture(String preopen, Map<String, String> files, Map<String, String> symlinks) {

        /** Creates the tree under {@code root} and returns the preopened directory. */
        Path createUnder(Path root) throws IOException {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = root.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                Path path = root.resolve(link.getKey());
                Files.createDirectories(path.getParent());
                Files.createSymbolicLink(path, Path.of(link.getValue()));
            }
            return Files.createDirectories(root.resolve(preopen));
        }
    }

    /**
     * One hostile module and the outcome it must get.
     *
     * @param params the request's params as JSON text, or null for none
     * @param error what the result's error must contain; empty for {@code ok}
     * @param output what an {@code ok} module must print; null otherwise
     * @param knownDefect why the entry fails today, when it is a known, unfixed defect
     */
    record Entry(String name, String attacks, String module, List<JsonNode> recipe, List<String> capabilities, String params,
            ExecutionStatus status, String error, JsonNode output, Optional<String> knownDefect) {

        /** The module's bytes, recipe applied. */
        byte[] bytes() {
            byte[] bytes = MODULES.computeIfAbsent(module, HostileCorpus::readModule);
            for (JsonNode step : recipe) {
                bytes = Recipe.apply(step, bytes);
            }
            return bytes;
        }

        /** The capabilities with {@code ${preopen}} standing for {@code preopen}. */
        List<String> capabilitiesFor(Path preopen) {
            return capabilities.stream().map(c -> withPreopen(c, preopen)).toList();
        }

        String paramsFor(Path preopen) {
            return params == null ? null : withPreopen(params, preopen);
        }

        String errorFor(Path preopen) {
            return withPreopen(error, preopen);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A node as the corpus expects it: its limits and grants (with {@code preopen} for
     * {@code ${preopen}}), {@code engine} serving, and a small {@code patients} dataset (written
     * under {@code dir}) granted as {@link #PATIENTS_GRANT}, for the normal requests run beside the
     * corpus. The caller closes it.
     */
    Pipeline pipeline(WasmEngine engine, Path dir, Path preopen) throws IOException, DatasetException {
        Limits limits = limits();
        ModuleLimits defaults = ModuleLimits.DEFAULT;
        ModuleLimits moduleLimits = new ModuleLimits(limits.moduleMaxBytes(), limits.memoryMaxPages(), defaults.tableMaxElements(),
                defaults.functionsMax(), defaults.localsPerFunctionMax(), defaults.globalsMax(), defaults.typesMax(), defaults.segmentsMax());
        liop.api.engine.Limits runLimits = new liop.api.engine.Limits(limits.memoryMaxPages(), limits.deadlineMillis(), limits.stdoutMaxBytes(), limits.stderrMaxBytes());
        NodeSettings defaultsOfNode = NodeSettings.DEFAULT;
        NodeSettings settings = new NodeSettings(defaultsOfNode.executionsMax(), defaultsOfNode.executionsQueueMillis(), defaultsOfNode.moduleStoreBytes(),
                moduleLimits, runLimits, new Tier("default", List.of("*"), limits.fuelLimit(), 8));

        Pipeline.Engines engines = Pipeline.Engines.only(engine);
        Dataset patients = DatasetLoader.load("patients", "a few patients", Files.writeString(dir.resolve("patients.csv"), """
                id,age,condition,ssn
                1,30,asthma,123-45-6789
                2,40,asthma,223-45-6789
                3,71,diabetes,323-45-6789
                """), DatasetFormat.AUTO);
        DatasetCatalog datasets = new DatasetCatalog() {
            @Override
            public Lookup find(String name) {
                return name.equals(patients.name()) ? new Lookup.Found(patients) : new Lookup.Missing(List.of(patients.name()));
            }

            @Override
            public List<Dataset> available() {
                return List.of(patients);
            }
        };
        List<String> grantTexts = new ArrayList<>(grants().stream().map(g -> g.replace("${preopen}", preopen.toString())).toList());
        grantTexts.add(PATIENTS_GRANT);
        Grants grants = Grants.parse(grantTexts);
        return new Pipeline(settings, engines, datasets, () -> grants, List::of, Policies.inMemory(NodePolicy.withoutNoise()));
    }

    static HostileCorpus load() {
        JsonNode root;
        try {
            root = JSON.readTree(resource("expectations.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("hostile/expectations.json is not valid JSON", e);
        }
        JsonNode l = root.required("limits");
        Limits limits = new Limits(l.required("fuel_limit").longValue(), l.required("memory_max_pages").intValue(),
                l.required("deadline_millis").longValue(), l.required("stdout_max_bytes").intValue(),
                l.required("stderr_max_bytes").intValue(), l.required("module_max_bytes").intValue());
        JsonNode f = root.required("fixture");
        Fixture fixture = new Fixture(f.required("preopen").textValue(), strings(f.required("files")), strings(f.required("symlinks")));
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : root.required("entries")) {
            entries.add(entry(e));
        }
        return new HostileCorpus(limits, texts(root.required("grants")), fixture, entries);
    }

    private static Entry entry(JsonNode e) {
        ExecutionStatus status = ExecutionStatus.fromWireName(e.required("status").textValue());
        JsonNode params = e.get("params");
        return new Entry(
                e.required("name").textValue(),
                e.required("attacks").textValue(),
                e.required("module").textValue(),
                e.has("recipe") ? List.copyOf(e.get("recipe").valueStream().toList()) : List.of(),
                e.has("capabilities") ? texts(e.get("capabilities")) : List.of(),
                params == null ? null : params.toString(),
                status,
                e.path("error").asText(""),
                e.get("output"),
                Optional.ofNullable(e.get("known_defect")).map(JsonNode::textValue));
    }

    private static byte[] readModule(String file) {
        String text = new String(resource(file), StandardCharsets.UTF_8);
        if (file.endsWith(".wat")) {
            return Wat2Wasm.parse(text);
        }
        if (file.endsWith(".hex")) {
            return hex(text.replaceAll(";;[^\n]*", ""));
        }
        throw new IllegalArgumentException("corpus module " + file + " is neither .wat nor .hex");
    }

    private static byte[] resource(String file) {
        try (InputStream in = HostileCorpus.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + file + " is not on the class path (io.liop:guests carries the corpus)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    private static String withPreopen(String text, Path preopen) {
        return text.replace("${preopen}", preopen.toString());
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::textValue).toList();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(p -> map.put(p.getKey(), p.getValue().textValue()));
        return map;
    }

    /** The byte changes a recipe step describes. */
    private static final class Recipe {

        static byte[] apply(JsonNode step, byte[] bytes) {
            if (step.has("truncate")) {
                return Arrays.copyOf(bytes, step.get("truncate").intValue());
            }
            if (step.has("patch")) {
                byte[] patched = bytes.clone();
                byte[] patch = hex(step.get("patch").required("hex").textValue());
                System.arraycopy(patch, 0, patched, step.get("patch").required("offset").intValue(), patch.length);
                return patched;
            }
            if (step.has("append")) {
                return concat(bytes, hex(step.get("append").textValue()));
            }
            if (step.has("append_custom_section")) {
                JsonNode section = step.get("append_custom_section");
                return concat(bytes, customSection(section.required("name").textValue(), section.required("size").intValue()));
            }
            throw new IllegalArgumentException("unknown recipe step " + step + " (truncate, patch, append, append_custom_section)");
        }

        /** Section id 0, its size, the name (length-prefixed) and {@code size} zero bytes. */
        private static byte[] customSection(String name, int size) {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes(leb128(nameBytes.length));
            content.writeBytes(nameBytes);
            content.writeBytes(new byte[size]);
            ByteArrayOutputStream section = new ByteArrayOutputStream();
            section.write(0);
            section.writeBytes(leb128(content.size()));
            section.writeBytes(content.toByteArray());
            return section.toByteArray();
        }

        private static byte[] leb128(int value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long v = Integer.toUnsignedLong(value);
            do {
                int b = (int) (v & 0x7f);
                v >>>= 7;
                out.write(v == 0 ? b : b | 0x80);
            } while (v != 0);
            return out.toByteArray();
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] joined = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        }
    }

}
