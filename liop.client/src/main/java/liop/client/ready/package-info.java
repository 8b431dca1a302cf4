/** Knowing when a freshly started node has taken in its configuration. */
package liop.client.ready;
