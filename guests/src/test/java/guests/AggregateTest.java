package guests;

import static guests.GuestRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AggregateTest {

    private static final String PATIENTS = """
            [{"age": 34, "condition": "flu"},
             {"age": 39, "condition": "flu"},
             {"age": 61, "condition": "asthma"},
             {"age": 20.5, "condition": "cold"},
             {"age": 27, "condition": "cold"},
             {"age": 40, "condition": "cold"}]""";

    @Test
    void countsAndAveragesPerConditionSortedByCondition() {
        GuestRun result = run("aggregate", "{\"records\": " + PATIENTS + "}");
        result.json();
        // Compared as text: averages carry exactly two decimals.
        assertThat(result.stdout().strip()).isEqualTo("""
                {"total":6,"skipped":0,"groups":[\
                {"condition":"asthma","count":1,"avg_age":61.00},\
                {"condition":"cold","count":3,"avg_age":29.17},\
                {"condition":"flu","count":2,"avg_age":36.50}]}""");
    }

    @Test
    void recordsWithoutUsableFieldsAreSkippedAndCounted() {
        String records = """
                [{"age": 30, "condition": "flu"},
                 {"condition": "flu"},
                 {"age": 30},
                 {"age": "30", "condition": "flu"},
                 {"age": 30, "condition": null},
                 {"age": 30, "condition": 7},
                 {"age": 1e999, "condition": "flu"},
                 "not a record",
                 []]""";
        assertThat(run("aggregate", "{\"records\": " + records + "}").stdout().strip())
                .isEqualTo("{\"total\":1,\"skipped\":8,\"groups\":[{\"condition\":\"flu\",\"count\":1,\"avg_age\":30.00}]}");
    }

    @Test
    void paramsChooseTheGroupingKeyAndTheAveragedField() {
        String stdin = """
                {"params": {"group_by": "region", "field": "income"},
                 "records": [{"region": "north", "income": 10}, {"region": "south", "income": 4},
                             {"region": "north", "income": 20}, {"region": "south", "age": 9}]}""";
        assertThat(run("aggregate", stdin).stdout().strip()).isEqualTo("""
                {"total":3,"skipped":1,"groups":[\
                {"region":"north","count":2,"avg_income":15.00},\
                {"region":"south","count":1,"avg_income":4.00}]}""");
    }

    @Test
    void groupsAreOrderedByCodePoint() {
        String stdin = """
                {"records": [{"age": 1, "condition": "é"}, {"age": 1, "condition": "b"},
                             {"age": 1, "condition": "B"}, {"age": 1, "condition": "ba"},
                             {"age": 1, "condition": ""}]}""";
        var groups = run("aggregate", stdin).json().get("groups");
        assertThat(groups.findValuesAsText("condition")).containsExactly("", "B", "b", "ba", "é");
    }

    @Test
    void withoutRecordsThereAreNoGroups() {
        assertThat(run("aggregate", "{}").json().toString()).isEqualTo("{\"total\":0,\"skipped\":0,\"groups\":[]}");
        assertThat(run("aggregate", "{\"params\": null, \"records\": []}").json().toString())
                .isEqualTo("{\"total\":0,\"skipped\":0,\"groups\":[]}");
    }

    @Test
    void theLastOfDuplicateMembersCounts() {
        String stdin = "{\"records\": [{\"age\": 1, \"condition\": \"x\", \"age\": 3}]}";
        assertThat(run("aggregate", stdin).stdout()).contains("\"avg_age\":3.00");
    }

    @Test
    void badParamsAreRejected() {
        run("aggregate", "{\"params\": [1]}").assertFailed(1, "params must be an object, got an array");
        run("aggregate", "{\"params\": {\"group_by\": 3}}").assertFailed(1, "params.group_by must be a string, got a number");
        run("aggregate", "{\"params\": {\"field\": {}}}").assertFailed(1, "params.field must be a string, got an object");
        run("aggregate", "{\"params\": {\"group_by\": \"count\"}}").assertFailed(1, "params.group_by must not be \"count\"");
        run("aggregate", "{\"params\": {\"group_by\": \"avg_age\"}}").assertFailed(1, "params.group_by must not be");
    }
}
