package liop.node.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import liop.api.node.Capability;
import org.junit.jupiter.api.Test;

class GrantsTest {

    private final Grants grants = Grants.parse(List.of(
            "dataset:patients{age,condition}",
            "dataset:visits{*}",
            "fs.read:/var/log/app",
            "clock"));

    @Test
    void grantsWhatTheManifestLists() {
        assertThat(grants.deny(Capability.parse("dataset:patients{age}"))).isEmpty();
        assertThat(grants.deny(Capability.parse("dataset:patients{condition,age}"))).isEmpty();
        assertThat(grants.deny(Capability.parse("dataset:visits{anything,at_all}"))).isEmpty();
        assertThat(grants.deny(Capability.parse("dataset:visits{*}"))).isEmpty();
        assertThat(grants.deny(Capability.parse("fs.read:/var/log/app"))).isEmpty();
        assertThat(grants.deny(Capability.parse("fs.read:/var/log/app/nginx"))).isEmpty();
        assertThat(grants.deny(Capability.parse("clock"))).isEmpty();
    }

    @Test
    void deniesFieldsTheManifestDoesNotList() {
        assertThat(grants.deny(Capability.parse("dataset:patients{age,ssn}")))
                .hasValueSatisfying(m -> assertThat(m).contains("field(s) ssn").contains("granted: age, condition"));
        assertThat(grants.deny(Capability.parse("dataset:patients{*}")))
                .hasValueSatisfying(m -> assertThat(m).contains("grants only the fields age, condition"));
        assertThat(grants.deny(Capability.parse("dataset:billing{amount}")))
                .hasValueSatisfying(m -> assertThat(m).contains("no access to dataset billing"));
    }

    @Test
    void deniesPathsOutsideTheGrantedDirectoriesEvenThroughDotDot() {
        assertThat(grants.deny(Capability.parse("fs.read:/etc")))
                .hasValueSatisfying(m -> assertThat(m).isEqualTo("capability fs.read:/etc denied: the manifest grants fs.read only under /var/log/app; ask the operator or drop the request"));
        assertThat(grants.deny(Capability.parse("fs.read:/var/log/app/../../../etc"))).isPresent();
        assertThat(grants.deny(Capability.parse("fs.read:/var/log/application"))).isPresent();
    }

    @Test
    void deniesEverythingByDefault() {
        assertThat(Grants.NONE.deny(Capability.parse("random"))).hasValueSatisfying(m -> assertThat(m).contains("does not grant it"));
        assertThat(Grants.NONE.deny(Capability.parse("fs.read:/tmp"))).hasValueSatisfying(m -> assertThat(m).contains("grants no fs.read at all"));
    }

    @Test
    void oneBadGrantDoesNotTakeTheOthersDown() {
        Grants withTypo = Grants.parse(List.of("dataset:patients{age}", "fs.raed:/tmp", ""));

        assertThat(withTypo.texts()).containsExactly("dataset:patients{age}");
        assertThat(withTypo.problems()).singleElement().asString().contains("unknown capability 'fs.raed:/tmp'");
    }
}
