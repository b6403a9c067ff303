/**
 * Every read of the API: {@code StatusView} joins what the reconcile loop published (the status board) with the
 * stored stacks (a submission no pass has seen yet, autoscaling, ingress routes); a service's status itself is built
 * in one place, {@code io.orch.agent.status.StatusReport}.
 *
 * <p>Reads only: never writes the store or the board, never calls the engine, so a slow engine never blocks a read.
 */
package io.orch.agent.view;
