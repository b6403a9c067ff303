package io.orch.agent;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.orch.agent.reconcile.PlanExecutor;
import io.orch.agent.reconcile.StackReconciler;
import io.orch.agent.desired.DesiredStacks;
import io.orch.agent.state.RestartBook;
import io.orch.agent.state.StateStore;
import io.orch.agent.status.StatusBoard;
import io.orch.core.engine.Engine;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of docs/architecture.md that the Maven module graph does not enforce: the module graph keeps core
 * from seeing api and agent, but not a package of the agent from reaching into another, nor a library from spreading
 * beyond the one package that adapts it, nor a second writer of a piece of state. Each rule names what it protects;
 * a failure lists every offending access with its class and line. Production classes only (tests may do anything).
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.orch");
  }

  // ---- core: pure logic ----

  @Test
  void coreKnowsNoEngineClientNoNettyNoMetricsAndNoAgent() {
    // Maven keeps these off core's classpath today; the rule keeps a dependency added to core's pom from using them.
    check(noClasses().that().resideInAPackage("io.orch.core..")
        .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "io.netty..",
            "io.micrometer..", "picocli..", "org.slf4j..", "ch.qos.logback..", "io.orch.agent..", "io.orch.api..")
        .because("core is pure logic over records; adapters live in the agent (DESIGN \"Layout\")"));
  }

  @Test
  void coreStartsNoThreads() {
    check(noClasses().that().resideInAPackage("io.orch.core..")
        .should().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().dependOnClassesThat().areAssignableTo(java.util.Timer.class)
        .because("the agent owns every thread (docs/architecture.md \"Threads\"); core is called, it never runs"));
  }

  @Test
  void coreReadsNoClock() {
    DescribedPredicate<JavaMethodCall> readsTheClock = describe("a read of the current time", call -> {
      String owner = call.getTargetOwner().getName();
      String name = call.getTarget().getName();
      return owner.startsWith("java.time.") && name.equals("now")
          || owner.equals(System.class.getName()) && (name.equals("currentTimeMillis") || name.equals("nanoTime"));
    });
    check(noClasses().that().resideInAPackage("io.orch.core..")
        .should().callMethodWhere(readsTheClock)
        .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
        .because("time comes in as an argument, so plans and restart decisions are pure and golden-testable"));
  }

  @Test
  void theModelDependsOnNoOtherCorePackage() {
    check(noClasses().that().resideInAPackage("io.orch.core.model..")
        .should().dependOnClassesThat(resideInAPackage("io.orch.core..")
            .and(resideOutsideOfPackage("io.orch.core.model..")))
        .because("the model is the vocabulary every other package speaks"));
  }

  @Test
  void thePlanningSideReadsNoFilesAndExportsNothing() {
    check(noClasses().that().resideInAnyPackage("io.orch.core.model..", "io.orch.core.engine..",
            "io.orch.core.plan..", "io.orch.core.restart..", "io.orch.core.rollout..", "io.orch.core.autoscale..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orch.core.load..", "io.orch.core.lint..",
            "io.orch.core.k8s..")
        .because("the planner works on the normalized model; reading files, linting and exporting are edges"));
  }

  // ---- api ----

  @Test
  void theClientAndTheWireRecordsNeedNoServer() {
    check(noClasses().that().resideInAnyPackage("io.orch.api.client..", "io.orch.api.dto..")
        .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.orch.api.server..")
        .because("the CLI loads the client and the DTOs, and must start fast without Netty"));
  }

  // ---- one library, one package ----

  @Test
  void onlyTheEngineAdapterUsesDockerJava() {
    check(noClasses().that().resideOutsideOfPackages("io.orch.agent.docker..", "io.orch.cli.engine..")
        .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
        .because("docker-java types stop at the Engine port (io.orch.agent.docker) and, in the CLI, at the image"
            + " builder and puller (io.orch.cli.engine), loaded only by the commands that build or pull"));
  }

  @Test
  void onlyTheHttpServerAndTheIngressUseNetty() {
    check(noClasses().that().resideOutsideOfPackages("io.orch.api.server..", "io.orch.agent.ingress..")
        .should().dependOnClassesThat().resideInAPackage("io.netty..")
        .because("Netty serves the API (io.orch.api.server) and proxies the ingress (io.orch.agent.ingress)"));
  }

  @Test
  void onlyTheWiringTheMetricsAndTheIngressUseMicrometer() {
    check(noClasses().that().resideOutsideOfPackages("io.orch.agent", "io.orch.agent.metrics..",
            "io.orch.agent.ingress..")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .because("the loop, the API and the engine adapter report through listener ports (ReconcileListener,"
            + " RequestListener, EngineCallListener) that OrchMetrics implements"));
  }

  @Test
  void onlyTheCliUsesPicocli() {
    check(noClasses().that().resideOutsideOfPackage("io.orch.cli..")
        .and(not(belongToAnyOf(io.orch.agent.AgentCommand.class)))
        .should().dependOnClassesThat().resideInAPackage("picocli..")
        .because("the agent's command line is AgentCommand (its flags, into AgentConfig); the rest is the CLI's"));
  }

  // ---- the agent's packages ----

  @Test
  void nothingDependsOnTheCli() {
    check(noClasses().that().resideOutsideOfPackage("io.orch.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.orch.cli..")
        .because("the CLI is its own module (orchestrator-cli): the agent must build without it"));
  }

  @Test
  void theCliKnowsNeitherTheAgentNorTheServer() {
    check(noClasses().that().resideInAPackage("io.orch.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orch.agent..", "io.orch.api.server..",
            "io.orch.api.ui..", "io.netty..")
        .because("the CLI talks to the agent over HTTP only, and starts without the server's classes"));
  }

  @Test
  void theAgentNeverCallsItsOwnApi() {
    check(noClasses().that().resideInAPackage("io.orch.agent..")
        .should().dependOnClassesThat().resideInAPackage("io.orch.api.client..")
        .because("the API client is the CLI's way in; the agent's components call each other directly"));
  }

  @Test
  void theReconcileCoreKnowsNoEdge() {
    check(noClasses().that().resideInAPackage("io.orch.agent.reconcile..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orch.agent.server..", "io.orch.agent.docker..",
            "io.orch.agent.ingress..", "io.orch.agent.metrics..", "io.orch.agent.logs..", "io.orch.cli..",
            "io.orch.api..", "com.github.dockerjava..", "io.netty..", "io.micrometer..")
        .because("the loop talks to the engine through core's ports and to the ingress and metrics through its own"
            + " (IngressControl, ReconcileListener), so it runs on FakeEngine in golden tests"));
  }

  @Test
  void theEngineAdapterKnowsNothingOfTheAgent() {
    check(noClasses().that().resideInAPackage("io.orch.agent.docker..")
        .should().dependOnClassesThat(resideInAPackage("io.orch.agent..")
            .and(resideOutsideOfPackage("io.orch.agent.docker..")))
        .because("DockerEngine implements core's Engine port and nothing else"));
  }

  @Test
  void theStateDirKnowsNoneOfItsCallers() {
    check(noClasses().that().resideInAPackage("io.orch.agent.state..")
        .should().dependOnClassesThat(resideInAPackage("io.orch.agent..")
            .and(resideOutsideOfPackage("io.orch.agent.state..")))
        .because("the stores persist core records; deciding what to write is their callers' job"));
  }

  @Test
  void onlyTheWiringKnowsTheHttpAdapter() {
    check(noClasses().that().resideOutsideOfPackages("io.orch.agent.server..", "io.orch.agent")
        .should().dependOnClassesThat().resideInAPackage("io.orch.agent.server..")
        .because("the HTTP adapter is an edge: AgentMain hands it to the ApiServer, nothing calls into it"));
  }

  /** {@code AgentBackend} decodes, calls the desired-state and status components, encodes (issue 20 item 2). */
  @Test
  void theHttpAdapterHoldsNoLoaderAndNoReconcileClass() {
    check(noClasses().that().resideInAPackage("io.orch.agent.server..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orch.core.load..", "io.orch.agent.reconcile..")
        .because("the adapter decodes, calls and encodes; loading and reconciling belong to the components behind"
            + " it (issue 20 item 2)"));
  }

  // ---- one writer per piece of state ----

  /** The methods {@link Engine} adds to {@link io.orch.core.engine.EngineView}: create, start, stop, remove, pull. */
  private static final Set<String> ENGINE_WRITES = Arrays.stream(Engine.class.getDeclaredMethods())
      .map(Method::getName).collect(Collectors.toUnmodifiableSet());

  @Test
  void onlyThePlanExecutorMutatesTheEngine() {
    DescribedPredicate<JavaAccess<?>> engineWrite = describe("a write method of Engine " + ENGINE_WRITES,
        access -> access.getTargetOwner().isAssignableTo(Engine.class)
            && ENGINE_WRITES.contains(access.getTarget().getName()));
    check(noClasses().that(not(belongToAnyOf(PlanExecutor.class)))
        .and().resideOutsideOfPackage("io.orch.agent.docker..")
        .should().accessTargetWhere(engineWrite)
        .because("one component mutates the engine (DESIGN \"Behaviour\"); the CLI builds and pulls images"
            + " through docker-java in io.orch.agent.docker, never containers, networks or volumes"));
  }

  @Test
  void onlyTheStackReconcilerWritesRestartHistories() {
    check(onlyWrittenBy(RestartBook.class, Set.of("put", "remove"), StackReconciler.class));
  }

  @Test
  void onlyTheStackReconcilerPublishesStatus() {
    check(onlyWrittenBy(StatusBoard.class, Set.of("publish", "remove"), StackReconciler.class));
  }

  /**
   * The desired state has one writer on each side: the API side ({@link DesiredStacks}) and the loop side ({@link StackReconciler}: rollout states, automatic
   * rollbacks, the end of a removal), kept apart by the stored generation.
   */
  @Test
  void onlyTheApiSideAndTheReconcilerWriteTheStore() {
    check(onlyWrittenBy(StateStore.class,
        Set.of("put", "putRollouts", "replaceIf", "removeIf", "markForRemoval", "remove"),
        DesiredStacks.class, StackReconciler.class));
  }

  private static ArchRule onlyWrittenBy(Class<?> state, Set<String> writes, Class<?>... writers) {
    DescribedPredicate<JavaMethodCall> write = describe("a write to " + state.getSimpleName() + " " + writes,
        call -> call.getTargetOwner().isEquivalentTo(state) && writes.contains(call.getTarget().getName()));
    return noClasses().that(not(belongToAnyOf(writers))).and(not(belongToAnyOf(state)))
        .should().callMethodWhere(write)
        .because("one writer per piece of state (docs/architecture.md \"Who writes what\")");
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }
}
