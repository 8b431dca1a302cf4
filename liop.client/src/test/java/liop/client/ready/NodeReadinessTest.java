package liop.client.ready;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

class NodeReadinessTest {

    @Test
    void aComponentCarriesAConfigurationWhenItHasItsPidAndValues() {
        Dictionary<String, Object> configuration = configuration("liop.manifest", "grants", new String[] {"dataset:patients{*}"});

        assertThat(NodeReadiness.carries(component(Map.of("service.pid", "liop.manifest", "grants", new String[] {"dataset:patients{*}"})), "liop.manifest", configuration)).isTrue();
        assertThat(NodeReadiness.carries(component(Map.of("service.pid", "liop.manifest", "grants", new String[] {})), "liop.manifest", configuration)).isFalse();
        assertThat(NodeReadiness.carries(component(Map.of("grants", new String[] {"dataset:patients{*}"})), "liop.manifest", configuration)).isFalse();
    }

    @Test
    void componentsWithSeveralPidsCarryEachOfThem() {
        Dictionary<String, Object> configuration = configuration("liop.node", "deadline.millis", 500L);
        ComponentConfigurationDTO component = component(Map.of(
                "service.pid", new String[] {"liop.node", "liop.manifest"},
                "deadline.millis", 500L,
                // from the other configuration, which came last: it proves nothing about this one
                "felix.fileinstall.filename", "file:/etc/liop.manifest.cfg"));

        assertThat(NodeReadiness.carries(component, "liop.node", configuration)).isTrue();
    }

    @Test
    void arraysAndCollectionsCompareByTheirElements() {
        assertThat(NodeReadiness.normalize(new String[] {"a", "b"})).isEqualTo(NodeReadiness.normalize(List.of("a", "b")));
        assertThat(NodeReadiness.normalize(new int[] {1, 2})).isEqualTo(List.of(1, 2));
        assertThat(NodeReadiness.normalize("a")).isEqualTo("a");
    }

    private static Dictionary<String, Object> configuration(String pid, String key, Object value) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", pid);
        properties.put("felix.fileinstall.filename", "file:/etc/" + pid + ".cfg");
        properties.put(key, value);
        return properties;
    }

    private static ComponentConfigurationDTO component(Map<String, Object> properties) {
        ComponentConfigurationDTO dto = new ComponentConfigurationDTO();
        dto.properties = properties;
        return dto;
    }
}
