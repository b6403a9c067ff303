/**
 * The agent's view of the engine's containers: {@code ContainerInformer} (client-go's informer without its weight)
 * keeps every managed container from one full list (start, reconnect, resync) and one inspect per engine event that
 * can change it ({@code EngineEventKind} says which), and tells listeners (the ingress, followed logs) what changed.
 *
 * <p>Reads the engine through {@code EngineView} only. Its map is written by the reconcile loop's event handling
 * (events, relists) and by the stack reconciler's fold (a refresh or forget after an action); everyone else reads.
 */
package io.orch.agent.observe;
