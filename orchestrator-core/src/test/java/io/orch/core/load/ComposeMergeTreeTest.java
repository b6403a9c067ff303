package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merge rules for keys the model does not read yet (build, logging, secrets, dns), checked on the merged tree. */
class ComposeMergeTreeTest {
  private static YamlNode.Mapping tree(String yaml) {
    return (YamlNode.Mapping) new YamlTreeReader(new Diagnostics("test.yaml")).read(yaml);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> web(String base, String override) {
    Object merged = ComposeMerge.plain(ComposeMerge.strip(ComposeMerge.files(tree(base), tree(override))));
    return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) merged).get("services")).get("web");
  }

  @Test
  void aBuildStringIsItsContextAndMergesWithTheLongSyntax() {
    Map<String, Object> web = web("services: {web: {build: ./app}}",
        "services: {web: {build: {target: prod, args: [A=1]}}}");
    assertThat(web.get("build")).isEqualTo(Map.of("context", "./app", "target", "prod", "args", List.of("A=1")));
  }

  @Test
  void buildArgsMergeByKeyAcrossListAndMapSyntax() {
    Map<String, Object> web = web("services: {web: {build: {context: ., args: {A: '1', B: '2'}}}}",
        "services: {web: {build: {args: [B=3]}}}");
    assertThat(((Map<?, ?>) web.get("build")).get("args")).isEqualTo(Map.of("A", "1", "B", "3"));
  }

  @Test
  void loggingOptionsMergeOnlyForTheSameDriver() {
    assertThat(web("services: {web: {logging: {driver: json-file, options: {max-size: 1m}}}}",
        "services: {web: {logging: {options: {max-file: '3'}}}}").get("logging"))
        .isEqualTo(Map.of("driver", "json-file", "options", Map.of("max-size", "1m", "max-file", "3")));
    assertThat(web("services: {web: {logging: {driver: json-file, options: {max-size: 1m}}}}",
        "services: {web: {logging: {driver: syslog}}}").get("logging")).isEqualTo(Map.of("driver", "syslog"));
  }

  @Test
  void secretsAreUniqueByTargetAndDnsAcceptsAStringOrAList() {
    Map<String, Object> web = web("services: {web: {secrets: [db, {source: api, target: /etc/api}], dns: 8.8.8.8}}",
        "services: {web: {secrets: [{source: db2, target: /run/secrets/db}], dns: [8.8.8.8, 1.1.1.1]}}");
    assertThat(web.get("secrets")).isEqualTo(List.of(Map.of("source", "db2", "target", "/run/secrets/db"),
        Map.of("source", "api", "target", "/etc/api")));
    assertThat(web.get("dns")).isEqualTo(List.of("8.8.8.8", "1.1.1.1"));
  }

  @Test
  void extensionsAreReplacedAndUlimitsMergeByName() {
    Map<String, Object> web = web("services: {web: {x-note: {a: 1}, ulimits: {nofile: {soft: 1, hard: 2}}}}",
        "services: {web: {x-note: {b: 2}, ulimits: {nofile: {soft: 3}}}}");
    assertThat(web.get("x-note")).isEqualTo(Map.of("b", "2"));
    assertThat(web.get("ulimits")).isEqualTo(Map.of("nofile", Map.of("soft", "3", "hard", "2")));
  }
}
