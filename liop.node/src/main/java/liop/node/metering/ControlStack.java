package liop.node.metering;

import java.util.Arrays;

/**
 * The enclosing blocks of the instruction being rewritten, innermost last, and for each whether a
 * branch targets it. A plain array rather than recursion, so that deep nesting in a hostile module
 * costs heap proportional to its size instead of overflowing the Java stack.
 */
final class ControlStack {

    enum Frame { FUNCTION, BLOCK, LOOP, IF }

    private Frame[] frames = new Frame[16];
    private boolean[] targeted = new boolean[16];
    private int depth;

    void push(Frame frame) {
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
            targeted = Arrays.copyOf(targeted, depth * 2);
        }
        frames[depth] = frame;
        targeted[depth] = false;
        depth++;
    }

    /** The innermost frame; the stack must not be empty. */
    Frame innermost() {
        return frames[depth - 1];
    }

    boolean innermostIsTargeted() {
        return targeted[depth - 1];
    }

    void pop() {
        depth--;
    }

    int depth() {
        return depth;
    }

    /**
     * Notes that a branch goes to the label {@code labelDepth} frames out.
     *
     * @return false when there is no such label (an invalid branch)
     */
    boolean markTargeted(long labelDepth) {
        if (labelDepth < 0 || labelDepth >= depth) {
            return false;
        }
        targeted[depth - 1 - (int) labelDepth] = true;
        return true;
    }
}
