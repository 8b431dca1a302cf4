/**
 * The engine contract: what a WebAssembly engine bundle implements so that the node can run guest
 * modules on it. A {@link liop.api.engine.WasmEngine} compiles bytes into a
 * {@link liop.api.engine.CompiledModule} (validated, compiled, cacheable, shared across threads);
 * each {@link liop.api.engine.CompiledModule#run run} gets its own instance, memory and WASI context
 * from a {@link liop.api.engine.Sandbox} and ends in a {@link liop.api.engine.RunResult}.
 */
@Export
@Version("1.1.0")
package liop.api.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
