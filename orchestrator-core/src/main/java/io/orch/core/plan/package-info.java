/**
 * The planner: desired stack vs observed engine state -> ordered {@code Action}s, each with a typed {@code Reason} and
 * a cause ({@code Planner}, one {@code ServicePlanner} per service). Owns what orch asks the engine to create
 * ({@code EngineSpecs}: names, labels, one {@code ContainerSpec} per slot), the spec hash ({@code SpecHash}), the label
 * keys ({@code Labels}), depends_on gates, ingress routes and the dry-run walk to the declared state
 * ({@code PlanPreview}).
 *
 * <p>Pure: no engine calls (the observed state comes in), no clock (time comes in), no threads, no writes (restart
 * histories and rollout states are read; the agent folds what was done). May not touch the loader, the linter or the
 * exporter (ArchitectureTest checks it).
 */
package io.orch.core.plan;
