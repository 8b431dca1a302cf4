/**
 * A call depth limit the module enforces on itself ({@link liop.engine.chicory.depth.CallDepthLimit}),
 * so that deep recursion traps at the same depth in every execution mode.
 */
package liop.engine.chicory.depth;
