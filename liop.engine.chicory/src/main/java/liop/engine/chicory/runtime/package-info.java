/**
 * From bytes to results: loading and compiling modules once ({@link liop.engine.chicory.runtime.ModuleLoader}),
 * and running them, each run in a fresh instance on a thread of its own under the sandbox's limits
 * ({@link liop.engine.chicory.runtime.GuestRun}).
 */
package liop.engine.chicory.runtime;
