/**
 * The Chicory engine bundle: {@link liop.engine.chicory.ChicoryEngine} and the Declarative Services
 * components that register it. Private to the bundle; other bundles see only the
 * {@link liop.api.engine.WasmEngine} services.
 */
package liop.engine.chicory;
