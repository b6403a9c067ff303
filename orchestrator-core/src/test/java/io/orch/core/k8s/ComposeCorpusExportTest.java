package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.k8s.manifest.Manifest;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.testkit.SharedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 18's acceptance over every Compose file in shared/compose (spec examples, spec fragments, awesome-compose):
 * each one orch loads is exported, and then
 * <ul>
 *   <li>every name a service calls another by (a service name, network alias or container_name that appears as a
 *       word of its environment values, command or entrypoint, or a depends_on key) resolves to a Kubernetes Service
 *       of exactly that name, or the export warns, quoting the name, why it cannot;</li>
 *   <li>every document validates against the Kubernetes v1.32.2 schemas;</li>
 *   <li>a YAML 1.1 reader (SnakeYAML) reads the YAML output back as exactly the objects written;</li>
 *   <li>{@code kubectl kustomize} renders the Kustomize base to exactly the same objects;</li>
 *   <li>the Helm chart's templates, rendered by Go's text/template with its values.yaml, give the same objects.</li>
 * </ul>
 * The counts are printed at the end (quoted in the closing note).
 */
class ComposeCorpusExportTest {
  private static final Map<String, String> ENV = Map.of("HOME", "/home/tester");
  /** What a hostname can be made of; anything else separates words ("postgres://u:p@db:5432/x" has "db"). */
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]+");

  private static final AtomicInteger files = new AtomicInteger();
  private static final AtomicInteger loaded = new AtomicInteger();
  private static final AtomicInteger services = new AtomicInteger();
  private static final AtomicInteger kubeServices = new AtomicInteger();
  private static final AtomicInteger headless = new AtomicInteger();
  private static final AtomicInteger stacksWithMentions = new AtomicInteger();
  private static final AtomicInteger mentions = new AtomicInteger();
  private static final AtomicInteger resolved = new AtomicInteger();
  private static final AtomicInteger hadNoServiceBefore = new AtomicInteger();
  private static final AtomicInteger warnedUnresolvable = new AtomicInteger();
  private static final AtomicInteger documents = new AtomicInteger();
  private static final AtomicInteger readBack = new AtomicInteger();
  private static final AtomicInteger kustomized = new AtomicInteger();
  private static final AtomicInteger helmRendered = new AtomicInteger();
  private static HelmRender helm;

  @org.junit.jupiter.api.BeforeAll
  static void chartsDir() throws IOException {
    helm = new HelmRender(Files.createTempDirectory("ex-helm-"));
  }

  @TestFactory
  Stream<DynamicTest> every_compose_file_exports_reachable_valid_and_kustomizable() throws IOException {
    Optional<Path> dir = Optional.of(SharedDir.require("compose"));
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir.get())) {
      all = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(all).hasSizeGreaterThan(200);
    // The Helm charts of every exported stack are rendered at the end, in one go run (compiling costs seconds).
    return Stream.concat(
        all.stream().map(f -> DynamicTest.dynamicTest(dir.get().relativize(f).toString(), () -> check(f))),
        Stream.of(DynamicTest.dynamicTest("Helm charts of every exported stack, rendered by Go's text/template",
            () -> {
              helm.assertEachRendersItsExport();
              helmRendered.set(helm.size());
            })));
  }

  private static void check(Path file) throws Exception {
    files.incrementAndGet();
    LoadResult result = new StackLoader(ENV).load(file, "corpus", Set.of());
    if (!result.ok()) {
      return; // fragments, merge examples with placeholder keys...: the loader's own tests cover its diagnostics
    }
    loaded.incrementAndGet();
    Stack stack = result.stack();
    services.addAndGet(stack.services().size());
    KubernetesExport export = new KubernetesExporter(ExportOptions.DEFAULT).export(stack);
    List<Manifest> svcObjects = export.manifests().stream().filter(m -> m.kind().equals("Service")).toList();
    kubeServices.addAndGet(svcObjects.size());
    headless.addAndGet((int) svcObjects.stream()
        .filter(m -> "None".equals(((io.orch.core.k8s.manifest.KubeService) m).spec().clusterIP())).count());

    assertReachable(stack, export);

    KubernetesSchemas schemas = KubernetesSchemas.require();
    assertThat(export.manifests().stream().flatMap(m -> schemas.violations(m).stream()).toList()).isEmpty();
    documents.addAndGet(export.manifests().size());

    Yaml11ReadBack.assertSameObjects(new ManifestWriter().yaml(stack.name(), export),
        ManifestYamlQuotingTest.trees(export.manifests()));
    readBack.incrementAndGet();

    KustomizeRender.assertRendersSameObjects(stack.name(), ExportOptions.DEFAULT, export, false);
    kustomized.incrementAndGet();

    synchronized (helm) {
      helm.add(stack.name(), ExportOptions.DEFAULT, export);
    }
  }

  /** Every name that another service mentions resolves to a Service, or a warning quoting it says why not. */
  static void assertReachable(Stack stack, KubernetesExport export) {
    Map<String, String> owners = composeNames(stack);
    Set<String> serviceObjects = new TreeSet<>();
    export.manifests().stream().filter(m -> m.kind().equals("Service"))
        .forEach(m -> serviceObjects.add(m.metadata().name()));
    List<String> silent = new ArrayList<>();
    int found = 0;
    for (ServiceSpec client : stack.services().values()) {
      for (String name : mentionedNames(client, owners.keySet())) {
        if (owners.get(name).equals(client.name())) {
          continue; // its own name: no other service needs it to resolve
        }
        found++;
        ServiceSpec owner = stack.service(owners.get(name));
        if (!stack.services().containsKey(name) || owner.ports().isEmpty() && owner.expose().isEmpty()) {
          // Before issue 18 only services with ports or expose got a Service, and aliases none.
          hadNoServiceBefore.incrementAndGet();
        }
        if (serviceObjects.contains(name)) {
          resolved.incrementAndGet();
        } else if (export.warnings().stream().anyMatch(w -> w.message().contains("\"" + name + "\""))) {
          warnedUnresolvable.incrementAndGet();
        } else {
          silent.add(client.name() + " -> " + name);
        }
      }
    }
    mentions.addAndGet(found);
    if (found > 0) {
      stacksWithMentions.incrementAndGet();
    }
    assertThat(silent).as("names other services use that resolve to no Service, with no warning").isEmpty();
  }

  /** Each name a Compose network resolves, to the service that owns it. */
  private static Map<String, String> composeNames(Stack stack) {
    Map<String, String> owners = new LinkedHashMap<>();
    stack.services().values().forEach(s -> owners.put(s.name(), s.name()));
    for (ServiceSpec s : stack.services().values()) {
      s.networks().values().forEach(n -> n.aliases().forEach(a -> owners.putIfAbsent(a, s.name())));
      if (s.containerName() != null) {
        owners.putIfAbsent(s.containerName(), s.name());
      }
    }
    return owners;
  }

  private static Set<String> mentionedNames(ServiceSpec client, Set<String> names) {
    Set<String> found = new TreeSet<>();
    List<String> texts = new ArrayList<>(client.environment().values().stream().filter(v -> v != null).toList());
    if (client.command() != null) {
      texts.addAll(client.command());
    }
    if (client.entrypoint() != null) {
      texts.addAll(client.entrypoint());
    }
    for (String text : texts) {
      Matcher m = WORD.matcher(text);
      while (m.find()) {
        if (names.contains(m.group())) {
          found.add(m.group());
        }
      }
    }
    client.dependsOn().keySet().stream().filter(names::contains).forEach(found::add);
    return found;
  }

  @AfterAll
  static void printCounts() throws IOException {
    try (Stream<Path> files = Files.walk(helm.dir())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.out.printf("compose corpus export: %d files, %d loaded by orch (%d services); %d Kubernetes Services"
            + " (%d headless); %d stacks whose services call each other by name, %d such names: %d resolve to a"
            + " Service (%d of them had none before issue 18), %d cannot and are warned, 0 silent; %d documents"
            + " valid against the 1.32.2 schemas;"
            + " %d outputs read back unchanged by a YAML 1.1 reader; %d Kustomize bases rendered by kubectl kustomize"
            + " to exactly the plain export's objects; %d Helm charts rendered by Go's text/template to the same%n",
        files.get(), loaded.get(), services.get(), kubeServices.get(), headless.get(), stacksWithMentions.get(),
        mentions.get(), resolved.get(), hadNoServiceBefore.get(), warnedUnresolvable.get(), documents.get(),
        readBack.get(), kustomized.get(), helmRendered.get());
  }
}
