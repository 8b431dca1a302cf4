package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import liop.api.engine.InvalidModuleException;
import org.junit.jupiter.api.Test;

class ModuleCacheTest {

    @Test
    void evictsTheLeastRecentlyUsed() throws Exception {
        ModuleCache<String> cache = new ModuleCache<>(2);
        cache.getOrLoad("a", () -> "module a");
        cache.getOrLoad("b", () -> "module b");
        cache.get("a");
        cache.getOrLoad("c", () -> "module c");

        assertThat(cache.get("a")).isEqualTo("module a");
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isEqualTo("module c");
    }

    @Test
    void evictsTheLeastRecentlyUsedUntilTheModulesFitTheirBytes() throws Exception {
        ModuleCache<String> cache = new ModuleCache<>(10, 100, String::length);
        cache.getOrLoad("a", () -> "a".repeat(40));
        cache.getOrLoad("b", () -> "b".repeat(40));
        cache.get("a");
        cache.getOrLoad("c", () -> "c".repeat(40));

        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
        assertThat(cache.bytes()).isEqualTo(80);
    }

    @Test
    void aModuleHeavierThanAllTheBytesIsServedButNotKept() throws Exception {
        ModuleCache<String> cache = new ModuleCache<>(10, 100, String::length);
        cache.getOrLoad("small", () -> "s");

        String big = cache.getOrLoad("big", () -> "b".repeat(200));

        assertThat(big).hasSize(200);
        assertThat(cache.get("big")).isNull();
        assertThat(cache.get("small")).isEqualTo("s");
        assertThat(cache.bytes()).isEqualTo(1);
    }

    @Test
    void loadsOnceAndThenServesFromTheCache() throws Exception {
        ModuleCache<String> cache = new ModuleCache<>(2);
        AtomicInteger loads = new AtomicInteger();

        cache.getOrLoad("a", () -> "first " + loads.incrementAndGet());

        assertThat(cache.getOrLoad("a", () -> "second " + loads.incrementAndGet())).isEqualTo("first 1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void concurrentRequestsForOneModuleShareOneLoad() throws Exception {
        ModuleCache<String> cache = new ModuleCache<>(4);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> callers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                callers.add(pool.submit(() -> cache.getOrLoad("same", () -> {
                    loads.incrementAndGet();
                    awaitQuietly(release);
                    return "compiled";
                })));
            }
            while (loads.get() == 0) {
                Thread.sleep(1);
            }
            Thread.sleep(50); // let the other callers arrive and wait
            release.countDown();
            for (Future<String> caller : callers) {
                assertThat(caller.get()).isEqualTo("compiled");
            }
        }
        assertThat(loads).hasValue(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRefusalReachesEveryWaiterAndIsNotCached() throws Exception {
        ModuleCache<String> cache = new ModuleCache<>(4);

        assertThatThrownBy(() -> cache.getOrLoad("bad", () -> {
            throw new InvalidModuleException("malformed");
        })).hasMessage("malformed");

        assertThat(cache.getOrLoad("bad", () -> "fixed")).isEqualTo("fixed");
    }

    @Test
    void aCacheOfSizeZeroKeepsNothing() throws Exception {
        ModuleCache<String> cache = new ModuleCache<>(0);

        assertThat(cache.getOrLoad("a", () -> "module a")).isEqualTo("module a");
        assertThat(cache.size()).isZero();
    }
}
