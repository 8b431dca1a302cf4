/**
 * How an engine's component keeps its engine registered as a service through configuration changes
 * ({@link liop.engine.support.service.EngineRegistration}). The only package here that uses the OSGi
 * framework API, which both engine bundles import anyway.
 */
package liop.engine.support.service;
