/**
 * The normalized stack: {@code Stack}, {@code ServiceSpec} and the records it is built from, immutable, with every
 * default filled in and maps sorted so that the model prints, hashes and plans deterministically. The vocabulary every
 * other package speaks: the loader produces it, the planner, the exporter, the linter and the agent read it. Also the
 * rules a name must follow ({@code NameRule}, {@code ReplicaLimit}) wherever it comes from.
 *
 * <p>May not touch: any other package of orch (ArchitectureTest checks it), files, the engine, the clock. A value
 * that depends on the engine (a container id, an image id) is the planner's or the agent's, not the model's.
 */
package io.orch.core.model;
