package io.orch.cli;

import io.orch.core.k8s.ExportOptions;
import io.orch.core.k8s.ExportWarning;
import io.orch.core.k8s.HelmChart;
import io.orch.core.k8s.KubernetesExport;
import io.orch.core.k8s.KubernetesExporter;
import io.orch.core.k8s.KustomizeLayout;
import io.orch.core.k8s.ManifestWriter;
import io.orch.core.k8s.MigrationReport;
import io.orch.core.k8s.PublishedExposure;
import io.orch.core.load.LoadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `orch convert`: writes a stack in another orchestrator's format. Needs no agent. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a stack file to another orchestrator's format.",
    subcommands = {ConvertCommand.K8s.class})
public final class ConvertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** `orch convert k8s`: Deployments/Jobs, Services, PVCs, Secrets and NetworkPolicies; warnings on stderr. */
  @Command(name = "k8s", mixinStandardHelpOptions = true,
      description = {"Convert a stack file to Kubernetes manifests (multi-document YAML on stdout, or one file per"
          + " object with -o).", "Every key that cannot be mapped exactly is named in a warning on stderr and in a"
          + " comment at the top of the output."})
  static final class K8s implements Callable<Integer> {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    @Mixin StackFileOptions stackFile;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
        description = "Write a Kustomize base into DIR instead of stdout: one file per object and a"
            + " kustomization.yaml listing them (DIR must be new, empty or an earlier export, which it replaces"
            + " whole).")
    Path outputDir;

    @Option(names = "--namespace", paramLabel = "NS", description = "Set metadata.namespace on every object.")
    String namespace;

    @Option(names = "--expose-published", paramLabel = "TYPE", defaultValue = "ClusterIP",
        description = "Service type for published ports: ClusterIP (in-cluster only), NodePort or LoadBalancer"
            + " (default ${DEFAULT-VALUE}).")
    String exposePublished;

    @Option(names = "--ingress-host", paramLabel = "HOST",
        description = "Give each service with published ports an Ingress for host SERVICE.HOST (HTTP to its first"
            + " published TCP port, through the cluster's default IngressClass); e.g. --ingress-host example.com"
            + " routes web.example.com to service web.")
    String ingressHost;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "yaml",
        description = "yaml or json (a JSON list of the objects) (default ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--helm", paramLabel = "DIR",
        description = "Write a Helm chart into DIR instead: Chart.yaml, values.yaml (per service: image, replicas,"
            + " resources, publishedPorts) and one template per object; with the default values it installs the"
            + " same objects as the plain export.")
    Path helmDir;

    @Option(names = "--report", description = "Print the migration report instead of the manifests: per"
        + " consequence (data, reachability, restarts and backoff, ordering and rollouts, images) and per service,"
        + " what behaves differently after the move.")
    boolean report;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      boolean json = parseFormat(output);
      if (helmDir != null && (outputDir != null || json)) {
        throw CliException.badInput("--helm writes a chart of YAML templates: use it without -o and --output json");
      }
      ExportOptions options = new ExportOptions(parseNamespace(namespace), parseExposure(exposePublished),
          K8s::readHostFile).withIngressHost(parseIngressHost(ingressHost));
      LoadResult loaded = stackFile.loadOrFail(err);
      KubernetesExport export = new KubernetesExporter(options).export(loaded.stack());
      if (report) {
        out.print(MigrationReport.text(loaded.stack().name(), export));
        out.flush();
        return 0;
      }
      for (ExportWarning w : export.warnings()) {
        err.println("warning: " + w);
      }
      ManifestWriter writer = new ManifestWriter();
      String stackName = loaded.stack().name();
      if (helmDir != null) {
        Map<String, String> files = HelmChart.files(stackName, options, export);
        ExportDirectory.write(helmDir, files);
        err.println("wrote a Helm chart of " + (files.size() - 2) + " template(s) to " + helmDir
            + " (helm install RELEASE " + helmDir + ")");
      } else if (outputDir == null) {
        out.print(json ? writer.json(export) : writer.yaml(stackName, export));
      } else {
        Map<String, String> files = KustomizeLayout.files(stackName, options, export, json);
        ExportDirectory.write(outputDir, files);
        err.println("wrote a Kustomize base of " + (files.size() - 1) + " object(s) to " + outputDir
            + " (kubectl apply -k " + outputDir + ")");
      }
      out.flush();
      return 0;
    }

    /** A secret's or config's host file, for its Secret or ConfigMap; the exporter warns when it is unreadable. */
    private static Optional<byte[]> readHostFile(String path) {
      try {
        return Optional.of(Files.readAllBytes(Path.of(path)));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    private static boolean parseFormat(String format) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "yaml" -> false;
        case "json" -> true;
        default -> throw CliException.badInput("--output must be yaml or json, got " + format);
      };
    }

    /** A DNS subdomain short enough that SERVICE.HOST (a service name is up to 63) stays within 253 characters. */
    private static String parseIngressHost(String host) {
      if (host == null) {
        return null;
      }
      String h = host.toLowerCase(Locale.ROOT);
      boolean labels = java.util.Arrays.stream(h.split("\\.", -1)).allMatch(l -> DNS_LABEL.matcher(l).matches());
      if (!labels || h.length() > 253 - 64) {
        throw CliException.badInput("--ingress-host " + host + " is not a DNS name of at most " + (253 - 64)
            + " characters (dot-separated labels of lowercase letters, digits and '-'), e.g. example.com: each"
            + " service gets SERVICE.HOST");
      }
      return h;
    }

    private static String parseNamespace(String ns) {
      if (ns != null && !DNS_LABEL.matcher(ns).matches()) {
        throw CliException.badInput("--namespace " + ns + " is not a DNS-1123 label (lowercase letters, digits"
            + " and '-', at most 63)");
      }
      return ns;
    }

    private static PublishedExposure parseExposure(String type) {
      try {
        return PublishedExposure.parse(type);
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("--expose-published: " + e.getMessage());
      }
    }
  }
}
