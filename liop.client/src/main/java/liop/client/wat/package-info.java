/** WebAssembly text to binary, for modules written by hand. */
package liop.client.wat;
