/** A read-only, confined view of a host directory, handed to Chicory's WASI as a preopen. */
package liop.engine.chicory.fs;
