package liop.node.metering;

import java.util.Arrays;

/**
 * The enclosing blocks of the instruction being read, innermost last, with what the meter's plan
 * needs to know about each: the region it started in and the cost there, whether control reaches its
 * end, the most costly path into its end from that region, and whether paths from other regions
 * reach its end (then the end starts a region of its own). Plain arrays rather than recursion or
 * objects, so that deep nesting in a hostile module costs heap proportional to its size instead of
 * overflowing the Java stack.
 */
final class ControlStack {

    enum Frame { FUNCTION, BLOCK, LOOP, IF }

    /** A cost that no path has: the point is unreachable. */
    static final long NO_PATH = -1;

    private Frame[] frames = new Frame[16];
    private int[] ordinals = new int[16];
    private boolean[] reached = new boolean[16];
    private boolean[] mixed = new boolean[16];
    private boolean[] hasElse = new boolean[16];
    private int[] startRegion = new int[16];
    private long[] startCost = new long[16];
    private long[] mergeCost = new long[16];
    private int depth;

    /**
     * @param region the region the frame starts in
     * @param cost the cost of the path there, or {@link #NO_PATH}
     */
    void push(Frame frame, int ordinal, int region, long cost) {
        if (depth == frames.length) {
            int capacity = depth * 2;
            frames = Arrays.copyOf(frames, capacity);
            ordinals = Arrays.copyOf(ordinals, capacity);
            reached = Arrays.copyOf(reached, capacity);
            mixed = Arrays.copyOf(mixed, capacity);
            hasElse = Arrays.copyOf(hasElse, capacity);
            startRegion = Arrays.copyOf(startRegion, capacity);
            startCost = Arrays.copyOf(startCost, capacity);
            mergeCost = Arrays.copyOf(mergeCost, capacity);
        }
        frames[depth] = frame;
        ordinals[depth] = ordinal;
        reached[depth] = false;
        mixed[depth] = false;
        hasElse[depth] = false;
        startRegion[depth] = region;
        startCost[depth] = cost;
        mergeCost[depth] = NO_PATH;
        depth++;
    }

    void pop() {
        depth--;
    }

    int depth() {
        return depth;
    }

    /** The innermost frame; the stack must not be empty. */
    Frame innermost() {
        return frames[depth - 1];
    }

    boolean innermostHasElse() {
        return hasElse[depth - 1];
    }

    int innermostStartRegion() {
        return startRegion[depth - 1];
    }

    long innermostStartCost() {
        return startCost[depth - 1];
    }

    /** Whether a path reaches the innermost frame's end other than by falling through. */
    boolean innermostReached() {
        return reached[depth - 1];
    }

    /** Whether paths from regions other than the one the frame started in reach its end. */
    boolean innermostMixed() {
        return mixed[depth - 1];
    }

    /** The most costly path from the start region into the end, other than falling through, or {@link #NO_PATH}. */
    long innermostMergeCost() {
        return mergeCost[depth - 1];
    }

    /** At an {@code else}: the then arm is over. */
    void enterElse() {
        hasElse[depth - 1] = true;
    }

    /** A path from {@code region}, of cost {@code cost}, reaches the end of the frame {@code labelDepth} out. */
    void reachEnd(long labelDepth, int region, long cost) {
        int index = depth - 1 - (int) labelDepth;
        reached[index] = true;
        if (region != startRegion[index]) {
            mixed[index] = true;
        } else {
            mergeCost[index] = Math.max(mergeCost[index], cost);
        }
    }

    /** Makes the end of the frame {@code labelDepth} out a region's head, whatever reaches it. */
    void forceHead(long labelDepth) {
        mixed[depth - 1 - (int) labelDepth] = true;
    }

    int innermostOrdinal() {
        return ordinals[depth - 1];
    }

    int targetOrdinal(long labelDepth) {
        return ordinals[depth - 1 - (int) labelDepth];
    }

    /** The frame {@code labelDepth} frames out; the label must exist. */
    Frame target(long labelDepth) {
        return frames[depth - 1 - (int) labelDepth];
    }

    /** Whether a branch to the label {@code labelDepth} is valid here: that many frames enclose it. */
    boolean hasLabel(long labelDepth) {
        return labelDepth >= 0 && labelDepth < depth;
    }
}
