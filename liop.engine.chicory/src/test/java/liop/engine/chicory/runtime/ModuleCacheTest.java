package liop.engine.chicory.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModuleCacheTest {

    @Test
    void evicts_the_least_recently_used_entry() {
        ModuleCache<String> cache = new ModuleCache<>(2);
        cache.putIfAbsent("a", "module a");
        cache.putIfAbsent("b", "module b");
        cache.get("a");

        cache.putIfAbsent("c", "module c");

        assertThat(cache.get("a")).isEqualTo("module a");
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isEqualTo("module c");
    }

    @Test
    void the_first_module_stored_for_a_hash_wins() {
        ModuleCache<String> cache = new ModuleCache<>(2);

        assertThat(cache.putIfAbsent("a", "first")).isEqualTo("first");
        assertThat(cache.putIfAbsent("a", "second")).isEqualTo("first");
    }

    @Test
    void size_zero_caches_nothing() {
        ModuleCache<String> cache = new ModuleCache<>(0);

        assertThat(cache.putIfAbsent("a", "module a")).isEqualTo("module a");
        assertThat(cache.get("a")).isNull();
    }
}
