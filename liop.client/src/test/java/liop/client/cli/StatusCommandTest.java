package liop.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import liop.api.engine.EngineInfo;
import liop.api.node.DatasetDescription;
import liop.api.node.NodeDescription;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void listsWhatTheNodeOffersAndWhatToTry() {
        NodeDescription node = new NodeDescription(
                List.of(new EngineInfo("chicory", "Chicory", "1.7.5", "compiler"), new EngineInfo("graalwasm", "GraalWasm", "25.0.1", "interpreter")),
                List.of(new DatasetDescription("patients", "", List.of("age", "condition"), 5000)),
                List.of("dataset:patients{*}", "fs.read:/srv/logs"));

        assertThat(StatusCommand.format(node, List.of("aggregate", "hello", "logsearch")).lines().toList()).containsExactly(
                "engines   chicory (Chicory 1.7.5, compiler)  <- serving",
                "          graalwasm (GraalWasm 25.0.1, interpreter)",
                "datasets  patients: 5,000 records, fields age, condition",
                "grants    dataset:patients{*}",
                "          fs.read:/srv/logs",
                "samples   aggregate, hello, logsearch",
                "try       bin/liop exec hello",
                "          bin/liop exec aggregate --dataset patients --fields condition,age",
                "          bin/liop exec logsearch --params '{\"dir\":\"/srv/logs\",\"pattern\":\"ERROR\"}' --cap fs.read:/srv/logs",
                "          bin/liop exec --help");
    }

    @Test
    void saysWhatToDoWhenSomethingIsMissing() {
        String text = StatusCommand.format(new NodeDescription(List.of(), List.of(), List.of()), List.of());

        assertThat(text).contains("engines   none: requests fail until an engine bundle is dropped into deploy/")
                .contains("datasets  none: add etc/liop.dataset-NAME.cfg")
                .contains("grants    nothing: list capabilities in etc/liop.manifest.cfg")
                .doesNotContain("try");
    }

    @Test
    void showsThePeerIdAndFullAddressesOfTheLibp2pTransport() {
        String address = "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWNode";
        NodeDescription node = new NodeDescription(List.of(new EngineInfo("chicory", "Chicory", "1.7.5", "compiler")), List.of(), List.of());

        List<String> lines = StatusCommand.format(node, List.of("hello"),
                List.of(new StatusCommand.Endpoint("libp2p", "12D3KooWNode", List.of(address)))).lines().toList();

        assertThat(lines).startsWith("libp2p    12D3KooWNode", "          " + address);
        assertThat(lines).containsSubsequence("try       bin/liop exec hello", "          bin/liop exec --node " + address + " hello", "          bin/liop exec --help");
    }
}
