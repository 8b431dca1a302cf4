/**
 * The GraalWasm engine bundle: {@link liop.engine.graalwasm.GraalWasmEngine} and the Declarative
 * Services component that registers it. Private to the bundle; other bundles see only the
 * {@link liop.api.engine.WasmEngine} service.
 */
package liop.engine.graalwasm;
