package liop.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void parsesEveryKindAndPrintsItBack() {
        assertThat(Capability.parse("fs.read:/var/log/app/")).isEqualTo(new Capability.FsRead("/var/log/app"));
        assertThat(Capability.parse(" dataset:patients{condition, age} ")).isEqualTo(new Capability.Dataset("patients", Set.of("age", "condition")));
        assertThat(Capability.parse("dataset:patients{condition,age}").text()).isEqualTo("dataset:patients{age,condition}");
        assertThat(Capability.parse("stream:vitals")).isEqualTo(new Capability.Stream("vitals"));
        assertThat(Capability.parse("clock")).isEqualTo(new Capability.Clock());
        assertThat(Capability.parse("random")).isEqualTo(new Capability.Random());
    }

    @Test
    void aStarGrantsEveryField() {
        assertThat(((Capability.Dataset) Capability.parse("dataset:patients{*}")).allFields()).isTrue();
    }

    @Test
    void rejectsMalformedCapabilitiesWithAUsableMessage() {
        assertThatThrownBy(() -> Capability.parse("fs.read:relative/path")).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> Capability.parse("dataset:patients")).hasMessageContaining("names its fields");
        assertThatThrownBy(() -> Capability.parse("dataset:patients{}")).hasMessageContaining("no fields named");
        assertThatThrownBy(() -> Capability.parse("dataset:pat ients{age}")).hasMessageContaining("not a valid name");
        assertThatThrownBy(() -> Capability.parse("dataset:patients{a;ge}")).hasMessageContaining("not a valid name");
        assertThatThrownBy(() -> Capability.parse("net.connect:example.org")).hasMessageContaining("unknown capability");
    }
}
