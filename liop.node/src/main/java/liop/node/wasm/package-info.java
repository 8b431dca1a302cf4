/** What every reader of the WebAssembly binary format in the node shares. */
package liop.node.wasm;
