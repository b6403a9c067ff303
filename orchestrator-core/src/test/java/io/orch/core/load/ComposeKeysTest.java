package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The known keys kept in {@link ComposeKeys} are exactly the Compose schema's ({@code ../shared/compose}), level by
 * level, so a key Compose accepts is never refused as a typo and a typo is never waved through as "unsupported".
 */
class ComposeKeysTest {
  private static final String SERVICE = "/$defs/service/properties";
  private static final String NAMED = "/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$";

  /** Where each level's properties sit in the 2020-12 schema (the newer of the two, maintained with compose-go). */
  private static final Map<ComposeKeys, List<String>> POINTERS = pointers();

  private static Map<ComposeKeys, List<String>> pointers() {
    Map<ComposeKeys, List<String>> m = new LinkedHashMap<>();
    m.put(ComposeKeys.ROOT, List.of("/properties"));
    m.put(ComposeKeys.SERVICE, List.of(SERVICE));
    m.put(ComposeKeys.BUILD, List.of(SERVICE + "/build/oneOf/1/properties"));
    m.put(ComposeKeys.DEPLOY, List.of("/$defs/deployment/properties"));
    m.put(ComposeKeys.RESOURCES, List.of("/$defs/deployment/properties/resources/properties"));
    m.put(ComposeKeys.LIMITS, List.of("/$defs/deployment/properties/resources/properties/limits/properties"));
    m.put(ComposeKeys.RESERVATIONS,
        List.of("/$defs/deployment/properties/resources/properties/reservations/properties"));
    m.put(ComposeKeys.RESTART_POLICY, List.of("/$defs/deployment/properties/restart_policy/properties"));
    m.put(ComposeKeys.UPDATE_CONFIG, List.of("/$defs/deployment/properties/update_config/properties",
        "/$defs/deployment/properties/rollback_config/properties"));
    m.put(ComposeKeys.PLACEMENT, List.of("/$defs/deployment/properties/placement/properties"));
    m.put(ComposeKeys.HEALTHCHECK, List.of("/$defs/healthcheck/properties"));
    m.put(ComposeKeys.SERVICE_NETWORK, List.of(SERVICE + "/networks" + NAMED + "/oneOf/0/properties"));
    m.put(ComposeKeys.DEPENDS_ON, List.of(SERVICE + "/depends_on" + NAMED + "/properties"));
    m.put(ComposeKeys.PORT, List.of(SERVICE + "/ports/items/oneOf/2/properties"));
    m.put(ComposeKeys.MOUNT, List.of(SERVICE + "/volumes/items/oneOf/1/properties"));
    m.put(ComposeKeys.MOUNT_BIND, List.of(SERVICE + "/volumes/items/oneOf/1/properties/bind/properties"));
    m.put(ComposeKeys.MOUNT_VOLUME, List.of(SERVICE + "/volumes/items/oneOf/1/properties/volume/properties"));
    m.put(ComposeKeys.MOUNT_TMPFS, List.of(SERVICE + "/volumes/items/oneOf/1/properties/tmpfs/properties"));
    m.put(ComposeKeys.ENV_FILE, List.of("/$defs/env_file/oneOf/1/items/oneOf/1/properties"));
    m.put(ComposeKeys.LOGGING, List.of(SERVICE + "/logging/properties"));
    m.put(ComposeKeys.BLKIO, List.of(SERVICE + "/blkio_config/properties"));
    m.put(ComposeKeys.BLKIO_LIMIT, List.of("/$defs/blkio_limit/properties"));
    m.put(ComposeKeys.BLKIO_WEIGHT, List.of("/$defs/blkio_weight/properties"));
    m.put(ComposeKeys.SERVICE_SECRET_OR_CONFIG, List.of("/$defs/service_config_or_secret/items/oneOf/1/properties"));
    m.put(ComposeKeys.NETWORK, List.of("/$defs/network/properties"));
    m.put(ComposeKeys.IPAM, List.of("/$defs/network/properties/ipam/properties"));
    m.put(ComposeKeys.EXTERNAL, List.of("/$defs/network/properties/external/properties",
        "/$defs/volume/properties/external/properties"));
    m.put(ComposeKeys.VOLUME, List.of("/$defs/volume/properties"));
    m.put(ComposeKeys.SECRET, List.of("/$defs/secret/properties"));
    m.put(ComposeKeys.CONFIG, List.of("/$defs/config/properties"));
    return m;
  }

  @Test
  void everyLevelListsExactlyTheSchemasKeys() throws IOException {
    Path shared = SharedComposeFilesTest.sharedCompose();
    JsonNode schema = new ObjectMapper().readTree(shared.resolve("compose-spec.schema.2020-12.json").toFile());
    assertThat(POINTERS.keySet()).containsExactlyInAnyOrder(ComposeKeys.values());
    POINTERS.forEach((level, pointers) -> {
      for (String pointer : pointers) {
        JsonNode properties = schema.at(pointer);
        assertThat(properties.isObject()).as(level + " at " + pointer).isTrue();
        Set<String> keys = new TreeSet<>();
        properties.fieldNames().forEachRemaining(keys::add);
        assertThat(new TreeSet<>(level.keys())).as(level + " vs " + pointer).isEqualTo(keys);
      }
    });
  }

  @Test
  void findsTheLevelOfAPath() {
    assertThat(ComposeKeys.at("")).contains(ComposeKeys.ROOT);
    assertThat(ComposeKeys.at("services.web")).contains(ComposeKeys.SERVICE);
    assertThat(ComposeKeys.at("services.web.deploy.resources.limits")).contains(ComposeKeys.LIMITS);
    assertThat(ComposeKeys.at("services.web.deploy.rollback_config")).contains(ComposeKeys.UPDATE_CONFIG);
    assertThat(ComposeKeys.at("services.web.volumes[2].tmpfs")).contains(ComposeKeys.MOUNT_TMPFS);
    assertThat(ComposeKeys.at("services.web.networks.front")).contains(ComposeKeys.SERVICE_NETWORK);
    assertThat(ComposeKeys.at("networks.front.ipam")).contains(ComposeKeys.IPAM);
    assertThat(ComposeKeys.at("services.web.x-orch")).isEmpty();
    assertThat(ComposeKeys.at("services.web.environment")).isEmpty();
  }
}
