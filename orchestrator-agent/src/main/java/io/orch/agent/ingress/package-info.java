/**
 * orch's ingress (DESIGN "Ports"): a Netty TCP proxy on each published host port of a service with several replicas
 * (or start-first updates), spreading connections round-robin over the replicas in {@code Rotation}, draining a
 * replica before it is stopped, with its own meters. {@code Ingress} implements the loop's {@code IngressControl}:
 * the reconciler declares the ports each pass; the informer's change listener updates the rotation on the event.
 *
 * <p>Reads the informer's containers; may not touch the engine, the store or the planner's decisions. One of the two
 * packages that use Netty (with {@code io.orch.api.server}).
 */
package io.orch.agent.ingress;
