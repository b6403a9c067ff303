/**
 * The state dir ({@code <stateDir>}, 0700, files 0600, every write to a fsynced temporary file then an atomic rename):
 * {@code StateStore} holds the submitted stacks ({@code StoredStack}: the desired model plus generation, deletion,
 * restart generations, previous specs, rollout states), {@code RestartBook} each replica's restart history, and
 * {@code StateDir} the permissions and atomic writes; {@code StateWriteException}/{@code StorageFailure} say why the
 * disk refused.
 *
 * <p>Stores what it is given and decides nothing; it knows none of its callers (ArchitectureTest checks it). Who may
 * write: the store, the API side ({@code DesiredStacks}) and the stack reconciler, kept apart by the stored generation;
 * the restart histories, the stack reconciler alone.
 */
package io.orch.agent.state;
