package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import liop.api.engine.ExecutionStatus;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.DatasetDescription;
import liop.api.node.FieldDescription;
import liop.api.node.LogicResult;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The output policy as an operator sets it, through Config Admin: the data dictionary reaches
 * Describe, budgets follow liop.policy and per-dataset overrides, and an egress denial names its rule.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyTest {

    private static final AgentIdentity AGENT = new AgentIdentity(AgentIdentity.PEER, "12D3KooWPolicyTester");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private DataNode node;

    @Configuration
    public Option[] config() {
        return LiopOptions.node("PolicyTest");
    }

    @Test
    public void budgetsDictionaryAndEgressFollowTheConfiguration() throws Exception {
        Configs configs = new Configs(configurationAdmin);
        configs.set("liop.policy", Configs.props("budget.store", "memory", "budget.forbidden", 1L, "dp.mode", "off"));
        configs.factory("liop.dataset", "patients", Configs.props("name", "patients", "path", Distribution.patients().toString(),
                "classify.sensitive", new String[] {"condition"}, "budget.sensitive", 2L));
        configs.set("liop.manifest", Configs.props("grants", new String[] {"dataset:patients{*}"}));
        Await.until("patients described with its dictionary", Duration.ofSeconds(10), () -> dictionary().size() > 3);
        Await.until("the policy applied", Duration.ofSeconds(10), () -> shell("liop:policy").contains("forbidden 1,") && shell("liop:policy").contains("memory"));

        assertEquals("forbidden", classification("ssn"));
        assertEquals("forbidden", classification("name"));
        assertEquals("sensitive", classification("condition"));
        assertEquals("public", classification("age"));

        // budget.forbidden = 1 for the node: one query of ssn, then no more.
        assertTrue(shell("liop:budgets"), shell("liop:budgets").contains("no budget used yet"));
        assertTrue(node.execute(NodeServesTest.request("echo").withCapabilities(List.of("dataset:patients{ssn}")), AGENT).ok());
        LogicResult second = node.execute(NodeServesTest.request("echo").withCapabilities(List.of("dataset:patients{ssn}")), AGENT);
        assertEquals(ExecutionStatus.DENIED, second.status());
        assertTrue(second.error(), second.error().contains("budget.forbidden"));

        assertTrue(shell("liop:budgets"), shell("liop:budgets ssn").endsWith("/patients/ssn = 1"));

        // budget.sensitive = 2 set by the dataset itself.
        for (int i = 0; i < 2; i++) {
            LogicResult ok = node.execute(NodeServesTest.request("aggregate").withCapabilities(List.of("dataset:patients{age,condition}")), AGENT);
            assertEquals(ok.error(), ExecutionStatus.OK, ok.status());
        }
        LogicResult third = node.execute(NodeServesTest.request("aggregate").withCapabilities(List.of("dataset:patients{age,condition}")), AGENT);
        assertTrue(third.error(), third.error().contains("sensitive field condition") && third.error().contains("budget.sensitive"));

        // A forbidden key in the output, whatever its spelling, blocks it whole.
        LogicResult leak = node.execute(NodeServesTest.request("echo").withParams("{\"Patient_SSN\": 1}")
                .withCapabilities(List.of("dataset:patients{age}")), AGENT);
        assertEquals(ExecutionStatus.DENIED, leak.status());
        assertTrue(leak.error(), leak.error().contains("egress.forbidden.keys"));
    }

    private String shell(String command) {
        return Shell.run(context, command);
    }

    private List<FieldDescription> dictionary() {
        return node.describe(AGENT).datasets().stream().filter(d -> d.name().equals("patients"))
                .findFirst().map(DatasetDescription::dictionary).orElse(List.of());
    }

    private String classification(String field) {
        return dictionary().stream().filter(f -> f.name().equals(field)).findFirst().map(FieldDescription::classification).orElse("?");
    }
}
