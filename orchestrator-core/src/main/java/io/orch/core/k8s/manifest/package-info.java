/**
 * The Kubernetes objects the exporter emits, as records with only the fields orch fills (Deployment, StatefulSet,
 * Job, Service, Secret, ConfigMap, PersistentVolumeClaim, HorizontalPodAutoscaler, PodDisruptionBudget,
 * NetworkPolicy, Ingress). The strict v1.32 JSON schemas in the tests keep their field names honest.
 *
 * <p>Data only: no logic beyond construction, and no dependency on the rest of orch.
 */
package io.orch.core.k8s.manifest;
