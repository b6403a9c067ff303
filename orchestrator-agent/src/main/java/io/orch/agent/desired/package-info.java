/**
 * What the user asks for, on the API's side: {@code DesiredStacks} loads a submission (the same loader as the CLI),
 * decides what it replaces or keeps (orphans, profiles, pins), and is the API side's only writer of the state store;
 * each change is an event and wakes the reconcile loop. {@code Refusal} is the typed reason a request changes nothing,
 * which the HTTP adapter maps to a status code.
 *
 * <p>May not mutate the engine (it asks the reconciler for dry-run plans and waits, nothing more) and does not know
 * the HTTP adapter. ArchitectureTest checks that it and the stack reconciler are the store's only writers.
 */
package io.orch.agent.desired;
