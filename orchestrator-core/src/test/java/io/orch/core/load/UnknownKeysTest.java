package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A key Compose does not have is an error with a did-you-mean hint, as {@code docker compose config} refuses the file;
 * a Compose key orch cannot honour stays a warning; {@code x-*} keys are ignored wherever Compose allows them.
 */
class UnknownKeysTest {
  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "demo", Set.of());
  }

  @Test
  void aMisspelledServiceKeyIsAnErrorThatNamesTheKeyItMeant() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            restrat: always
            helthcheck: {test: ["CMD", "true"]}
        """);
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).extracting(Diagnostic::toString).containsExactly(
        "compose.yaml:4:5: error: services.web.restrat: not a Compose key (docker compose rejects it too: additional"
            + " properties not allowed) (hint: did you mean restart?)",
        "compose.yaml:5:5: error: services.web.helthcheck: not a Compose key (docker compose rejects it too:"
            + " additional properties not allowed) (hint: did you mean healthcheck?)");
  }

  @Test
  void typosAreErrorsAtEveryLevel() {
    LoadResult r = load("""
        servics: {}
        services:
          web:
            image: nginx
            deploy:
              replicaz: 2
              resources: {limits: {memroy: 1g}}
              restart_policy: {conditon: any}
            healthcheck: {test: ["CMD", "true"], intervall: 5s}
            build: {context: ., dockerfil: Dockerfile}
            networks: {front: {aliasses: [a]}}
            ports: [{target: 80, publised: 8080}]
            volumes: [{type: volume, source: d, target: /d, volume: {nocopi: true}}]
            depends_on: {db: {conditin: service_started}}
          db: {image: postgres}
        networks:
          front: {drivr: bridge}
        volumes:
          d: {labls: {}}
        """);
    assertThat(r.errors()).extracting(d -> d.path() + " -> " + d.hint()).containsExactlyInAnyOrder(
        "servics -> did you mean services?",
        "services.web.deploy.replicaz -> did you mean replicas?",
        "services.web.deploy.resources.limits.memroy -> did you mean memory?",
        "services.web.deploy.restart_policy.conditon -> did you mean condition?",
        "services.web.healthcheck.intervall -> did you mean interval?",
        "services.web.build.dockerfil -> did you mean dockerfile?",
        "services.web.networks.front.aliasses -> did you mean aliases?",
        "services.web.ports[0].publised -> did you mean published?",
        "services.web.volumes[0].volume.nocopi -> did you mean nocopy?",
        "services.web.depends_on.db.conditin -> did you mean condition?",
        "networks.front.drivr -> did you mean driver?",
        "volumes.d.labls -> did you mean labels?");
  }

  @Test
  void aKeyFarFromAnyComposeKeySaysHowToKeepIt() {
    LoadResult r = load("services:\n  web:\n    image: nginx\n    colour: blue\n");
    assertThat(r.errors()).singleElement().extracting(Diagnostic::hint)
        .isEqualTo("remove it, or name it x-colour to keep it as an extension orch and Compose ignore");
  }

  @Test
  void aComposeKeyOrchCannotHonourStaysAWarning() {
    LoadResult r = load("""
        services:
          web:
            image: nginx
            cpu_rt_runtime: 400ms
            deploy: {endpoint_mode: vip}
        """);
    assertThat(r.ok()).isTrue();
    assertThat(r.warnings()).extracting(d -> d.path() + ": " + d.message()).containsExactly(
        "services.web.cpu_rt_runtime: unsupported key, ignored",
        "services.web.deploy.endpoint_mode: unsupported key, ignored");
  }

  @Test
  void extensionKeysAreIgnoredEverywhereComposeAllowsThem() {
    LoadResult r = load("""
        x-top: 1
        services:
          x-not-a-service: {whatever: 1}
          web:
            image: nginx
            x-mine: {a: 1}
            deploy: {x-d: 1, resources: {x-r: 1, limits: {x-l: 1}}}
            healthcheck: {test: ["CMD", "true"], x-h: 1}
            networks: {front: {x-n: 1}}
        networks:
          front: {x-net: 1}
        """);
    assertThat(r.ok()).isTrue();
    assertThat(r.diagnostics()).isEmpty();
  }

  @Test
  void anEmptyFileIsComposesEmptyFileError() {
    for (String empty : java.util.List.of("", "# nothing yet\n", "---\n")) {
      assertThat(load(empty).errors()).as(empty).extracting(Diagnostic::message).containsExactly("empty compose file");
    }
  }

  @Test
  void aFileWithoutServicesIsAWarningAsTheComposeSchemaAllowsIt() {
    LoadResult r = load("name: demo\nnetworks: {front: {}}\n");
    assertThat(r.ok()).isTrue();
    assertThat(r.warnings()).extracting(Diagnostic::message).containsExactly("no services defined");
  }
}
