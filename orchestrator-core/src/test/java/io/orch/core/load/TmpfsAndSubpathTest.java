package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.MountSpec;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** tmpfs mode (short and long syntax), tmpfs owners and volume.subpath, which the engine's API 1.41 cannot take. */
class TmpfsAndSubpathTest {
  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  @Test
  void aTmpfsModeIsOctalInBothSyntaxes() {
    LoadResult r = load("""
        services:
          web:
            image: busybox:1.36
            tmpfs: ["/run:size=1m,mode=1777"]
            volumes: [{type: tmpfs, target: /cache, tmpfs: {size: 2m, mode: "0o750"}}]
        """);
    assertThat(r.diagnostics()).isEmpty();

    assertThat(r.stack().service("web").volumes()).containsExactlyInAnyOrder(
        new MountSpec(MountSpec.Type.TMPFS, null, "/run", false, 1024L * 1024, 01777),
        new MountSpec(MountSpec.Type.TMPFS, null, "/cache", false, 2L * 1024 * 1024, 0750));
    StackWriterTest.assertRoundTrips(r.stack(), Set.of());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tmpfs: [\"/run:mode=999\"]|services.web.tmpfs[0]|not an octal file mode",
      "tmpfs: [\"/run:uid=1000\"]|services.web.tmpfs[0]|uid=1000 is not supported",
      "volumes: [{type: tmpfs, target: /t, tmpfs: {gid: 5}}]|services.web.volumes[0].tmpfs.gid|gid is not supported",
      "volumes: [{type: volume, source: d, target: /d, volume: {subpath: a}}]|services.web.volumes[0].volume.subpath|"
          + "subpath is not supported",
  })
  void whatTheEngineCannotDoIsAnErrorAtItsPath(String line, String path, String message) {
    LoadResult r = load("services:\n  web:\n    image: busybox:1.36\n    " + line + "\nvolumes:\n  d: {}\n");

    assertThat(r.errors()).as("errors of " + line).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo(path);
      assertThat(d.message()).contains(message);
    });
  }
}
