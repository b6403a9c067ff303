package io.orch.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads orch's YAML output back with SnakeYAML, a YAML 1.1 reader (its resolver types {@code yes}, {@code 12:00},
 * {@code 1e3}, {@code ~}, {@code 2024-01-01} as booleans, sexagesimal integers, floats, null and timestamps, as
 * PyYAML and older Go readers do), and checks that every document means exactly the object orch wrote: a string that
 * came back as anything else was not quoted.
 */
final class Yaml11ReadBack {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Yaml11ReadBack() {}

  static void assertSameObjects(String yamlText, List<JsonNode> expected) throws Exception {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<JsonNode> read = new ArrayList<>();
    for (Object doc : new Yaml(options).loadAll(yamlText)) {
      if (doc != null) {
        // Through JSON text both ways, so that an int read back equals the int written whatever its Java box.
        read.add(JSON.readTree(JSON.writeValueAsString(doc)));
      }
    }
    List<JsonNode> want = new ArrayList<>();
    for (JsonNode n : expected) {
      want.add(JSON.readTree(JSON.writeValueAsString(n)));
    }
    assertThat(read).as("documents as a YAML 1.1 reader sees them").isEqualTo(want);
  }
}
