package liop.libp2p;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

final class Futures {

    private Futures() {}

    /** For {@code whenComplete}: completes {@code target} the way the observed future completed. */
    static <T> BiConsumer<T, Throwable> completing(CompletableFuture<T> target) {
        return (value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(failure);
            } else {
                target.complete(value);
            }
        };
    }
}
