/** The WASI preview1 host functions a guest gets: Chicory's, with ambient authority and writes taken away. */
package liop.engine.chicory.wasi;
