package liop.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsAJsonArrayAndCollectsItsFields() throws Exception {
        Path file = write("p.json", "[{\"age\": 41, \"condition\": \"asthma\"}, {\"age\": 67, \"zip\": \"02139\"}]");

        Dataset dataset = DatasetLoader.load("patients", "test", file, DatasetFormat.AUTO);

        assertThat(dataset.records()).hasSize(2);
        assertThat(dataset.fields()).containsExactly("age", "condition", "zip");
        assertThat(dataset.records().get(0).get("age").intValue()).isEqualTo(41);
    }

    @Test
    void loadsJsonLines() throws Exception {
        Path file = write("p.jsonl", "{\"a\": 1}\n\n{\"a\": 2, \"b\": true}\n");

        assertThat(DatasetLoader.load("d", "", file, DatasetFormat.AUTO).records()).hasSize(2);
    }

    @Test
    void loadsCsvWithTypedValues() throws Exception {
        Path file = write("p.csv", "id,age,bmi,smoker,zip,note\n1,41,22.5,true,02139,\n2,67,31.0,false,94110,\"says \"\"hi\"\"\"\n");

        Dataset dataset = DatasetLoader.load("patients", "", file, DatasetFormat.AUTO);

        var first = dataset.records().get(0);
        assertThat(first.get("age").isIntegralNumber()).isTrue();
        assertThat(first.get("bmi").doubleValue()).isEqualTo(22.5);
        assertThat(first.get("smoker").booleanValue()).isTrue();
        assertThat(first.get("zip").textValue()).as("leading zeros stay text").isEqualTo("02139");
        assertThat(first.get("note").isNull()).isTrue();
        assertThat(dataset.records().get(1).get("note").textValue()).isEqualTo("says \"hi\"");
    }

    @Test
    void namesTheFileAndPlaceOfMalformedJson() throws Exception {
        Path file = write("bad.json", "[{\"age\": 41},\n {\"age\": }]");

        assertThatThrownBy(() -> DatasetLoader.load("patients", "", file, DatasetFormat.AUTO))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("dataset patients")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 2");
    }

    @Test
    void rejectsRecordsThatAreNotObjects() throws Exception {
        Path file = write("bad.json", "[{\"age\": 41}, 7]");

        assertThatThrownBy(() -> DatasetLoader.load("patients", "", file, DatasetFormat.JSON)).hasMessageContaining("record 2 is a number");
        assertThatThrownBy(() -> DatasetLoader.load("d", "", write("bad.jsonl", "{}\n[1]\n"), DatasetFormat.AUTO)).hasMessageContaining("line 2 is not a JSON object");
    }

    @Test
    void explainsAMissingFileAndAnUnknownExtension() throws Exception {
        assertThatThrownBy(() -> DatasetLoader.load("patients", "", dir.resolve("nope.json"), DatasetFormat.AUTO))
                .hasMessageContaining("does not exist").hasMessageContaining("fix the path");
        assertThatThrownBy(() -> DatasetLoader.load("patients", "", write("data.txt", "x"), DatasetFormat.AUTO))
                .hasMessageContaining("set format=json, jsonl or csv");
    }

    @Test
    void suggestsTheClosestFieldForATypo() throws Exception {
        Dataset dataset = DatasetLoader.load("patients", "", write("p.json", "[{\"age\": 1, \"condition\": \"x\"}]"), DatasetFormat.JSON);

        assertThat(dataset.closestField("agee")).contains("age");
        assertThat(dataset.closestField("conditon")).contains("condition");
        assertThat(dataset.closestField("ssn")).isEmpty();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
