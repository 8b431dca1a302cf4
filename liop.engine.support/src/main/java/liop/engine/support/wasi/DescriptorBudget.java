package liop.engine.support.wasi;

/**
 * Bounds the file descriptors one guest holds, so that opening files or directories in a loop
 * cannot exhaust the host's descriptors or heap. Used from the guest's thread only.
 */
final class DescriptorBudget {

    private final int limit;
    private int live;

    /**
     * @param initial descriptors the guest starts with (stdio and preopens)
     * @param openable how many more it may hold at once
     */
    DescriptorBudget(int initial, int openable) {
        this.live = initial;
        this.limit = initial + openable;
    }

    boolean canOpen() {
        return live < limit;
    }

    void opened() {
        live++;
    }

    void closed() {
        live--;
    }
}
