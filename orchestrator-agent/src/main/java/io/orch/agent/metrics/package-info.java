/**
 * The {@code orch_*} Prometheus metrics (DESIGN "Metrics", docs/metrics.md): {@code OrchMetrics} implements the
 * listener ports of the loop ({@code ReconcileListener}), the API ({@code RequestListener}), the engine adapter
 * ({@code EngineCallListener}) and the events, and reads replica gauges from the status board;
 * {@code AgentMeterRegistry} adds the JVM binders and renders {@code /metrics}; {@code AutoscaleMetrics} the
 * autoscaler's gauges.
 *
 * <p>Observes only: may not write any state or call the engine. Label values stay bounded (never an id, an image or
 * an error text). Micrometer stays here, in the ingress and in AgentMain (ArchitectureTest checks it).
 */
package io.orch.agent.metrics;
