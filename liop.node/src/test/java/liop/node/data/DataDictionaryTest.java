package liop.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDictionaryTest {

    @TempDir
    Path dir;

    @Test
    void infersTypesClassificationsAndSensitivities() throws Exception {
        Dataset dataset = DatasetLoader.load("patients", "", Files.writeString(dir.resolve("p.json"), """
                [{"id": 1, "name": "Ada", "SSN": "912-45-6789", "zip": "02139", "age": 36, "bmi": 22.5},
                 {"id": 2, "name": "Alan", "SSN": "934-56-7890", "zip": "94110", "age": 41, "bmi": 24}]
                """), DatasetFormat.AUTO);

        DataDictionary dictionary = dataset.dictionary();

        assertThat(dictionary.withClassification(Classification.FORBIDDEN)).containsExactly("name", "SSN");
        assertThat(dictionary.withClassification(Classification.SENSITIVE)).containsExactly("zip");
        assertThat(dictionary.field("age")).hasValueSatisfying(f -> {
            assertThat(f.type()).isEqualTo("integer");
            assertThat(f.sensitivity()).isEqualTo(41);
            assertThat(f.declared()).isFalse();
        });
        assertThat(dictionary.field("bmi").get().type()).isEqualTo("number");
    }

    @Test
    void theOperatorsDeclarationWins() throws Exception {
        Path data = Files.writeString(dir.resolve("p.json"), "[{\"name\": \"Ada\", \"age\": 36, \"notes\": \"x\"}]");
        Path dictionaryFile = Files.writeString(dir.resolve("p.dictionary.json"), """
                {"fields": {"age": {"classification": "sensitive", "sensitivity": 120, "description": "years"},
                            "name": {"classification": "public"}}}
                """);

        Map<String, FieldInfo> declared = DictionaryFile.read(dictionaryFile);
        DataDictionary dictionary = DatasetLoader.load("p", "", data, DatasetFormat.AUTO, declared).dictionary();

        assertThat(dictionary.field("age").get()).isEqualTo(new FieldInfo("age", "integer", "years", Classification.SENSITIVE, 120, true));
        assertThat(dictionary.classification("name")).isEqualTo(Classification.PUBLIC);
        assertThat(dictionary.classification("notes")).isEqualTo(Classification.PUBLIC);
        assertThat(DictionaryFile.toJson(dictionary).get("fields").get("age").get("classification").asText()).isEqualTo("sensitive");
    }

    @Test
    void explainsABadDictionaryFile() throws Exception {
        Path noFields = Files.writeString(dir.resolve("a.json"), "{\"columns\": {}}");
        Path badClass = Files.writeString(dir.resolve("b.json"), "{\"fields\": {\"ssn\": {\"classification\": \"secret\"}}}");

        assertThatThrownBy(() -> DictionaryFile.read(noFields)).hasMessageContaining("has no \"fields\" object");
        assertThatThrownBy(() -> DictionaryFile.read(badClass)).hasMessageContaining("field ssn").hasMessageContaining("unknown classification 'secret'");
    }
}
