/**
 * The reconcile core. {@code ReconcileLoop}: one worker thread takes stack names from the {@code WorkQueue} (client-go's
 * semantics: dirty set, delays, per-name backoff), fed by engine events, API changes, resyncs and due delays.
 * {@code StackReconciler}: one pass of one stack: desired state from the store, observed state ({@code StackObserver}),
 * plan (core's planner), execute, then fold each {@code Outcome} into the restart history, the status board, the
 * service errors, the events and the observed state. {@code PlanExecutor}: the only component that mutates the
 * engine; it keeps no books and reports one outcome per action.
 *
 * <p>May not touch the edges: the HTTP adapter, docker-java, Netty, Micrometer, the ingress or logs packages, the API
 * (ArchitectureTest checks it). It reaches them through its own ports ({@code IngressControl},
 * {@code ReconcileListener}, {@code PassObserver}), so whole passes run on {@code FakeEngine} in golden tests.
 */
package io.orch.agent.reconcile;
