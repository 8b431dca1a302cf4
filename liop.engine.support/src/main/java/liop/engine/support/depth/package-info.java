/**
 * A call depth limit the module enforces on itself ({@link liop.engine.support.depth.CallDepthLimit}),
 * so that deep recursion traps at the same depth in every execution mode and on every engine, and
 * the numbers both engines give it ({@link liop.engine.support.depth.CallStack}).
 */
package liop.engine.support.depth;
