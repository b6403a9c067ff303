/**
 * {@code orch convert k8s}: a stack as Kubernetes manifests in apply order ({@code KubernetesExporter},
 * {@code PodMapper}), written as YAML, JSON, a Kustomize base or a Helm chart, with every key that could not be
 * mapped exactly named as an {@code ExportWarning} and grouped by consequence in the {@code MigrationReport}. See
 * docs/kubernetes.md.
 *
 * <p>Pure: no I/O of its own (the CLI reads secret files and writes the output), no engine. Nothing on the planning
 * side depends on it (ArchitectureTest checks it).
 */
package io.orch.core.k8s;
