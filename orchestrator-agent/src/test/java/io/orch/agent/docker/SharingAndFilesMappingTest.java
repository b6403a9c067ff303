package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.VolumesFrom;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ContainerSpec.ContainerFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared namespaces, volumes_from and the secrets/configs tar, as the engine receives them. */
class SharingAndFilesMappingTest {
  private static ContainerSpec spec(String networkMode, String ipc, String pid, List<String> volumesFrom) {
    return new ContainerSpec("shop-web-1", "busybox:1.36", null, null, null, null, null, null, null, null, null,
        null, networkMode, null, null, null, null, null, null, null, false, null, false, null, null, null, ipc, pid,
        volumesFrom, null);
  }

  private static HostConfig host(ContainerSpec spec) {
    CreateContainerCmd cmd = new CreateContainerCmdImpl(
        unused -> { throw new AssertionError("unit tests never reach an engine"); }, null, spec.image());
    return ((CreateContainerCmdImpl) CreateContainerMapping.apply(spec, cmd)).getHostConfig();
  }

  @Test
  void namespacesAndVolumesFromGoToTheHostConfig() {
    HostConfig host = host(spec("container:abc", "container:abc", "host",
        List.of("container:abc:ro", "container:backup", "container:data:rw")));

    assertThat(host.getNetworkMode()).isEqualTo("container:abc");
    assertThat(host.getIpcMode()).isEqualTo("container:abc");
    assertThat(host.getPidMode()).isEqualTo("host");
    assertThat(host.getVolumesFrom()).containsExactly(new VolumesFrom("abc", AccessMode.ro),
        new VolumesFrom("backup"), new VolumesFrom("data", AccessMode.rw));
  }

  @Test
  void anUnresolvedServiceReferenceNeverReachesTheEngine() {
    assertThatThrownBy(() -> host(spec(null, null, null, List.of("service:db"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service:db");
  }

  @Test
  void theTarCarriesEachFileAtItsTargetWithUidGidAndMode(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("password.txt");
    Files.writeString(secret, "s3cret");
    byte[] tar = ContainerFiles.tar(List.of(
        new ContainerFile("/run/secrets/db", "1000", "1001", 0400, secret.toString(), null, "d1"),
        new ContainerFile("/etc/app.conf", null, null, 0444, null, "debug=true\n", "d2")));

    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry first = in.getNextEntry();
      assertThat(first.getName()).isEqualTo("run/secrets/db");
      assertThat(first.getMode() & 07777).isEqualTo(0400);
      assertThat(first.getLongUserId()).isEqualTo(1000);
      assertThat(first.getLongGroupId()).isEqualTo(1001);
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
      TarArchiveEntry second = in.getNextEntry();
      assertThat(second.getName()).isEqualTo("etc/app.conf");
      assertThat(second.getMode() & 07777).isEqualTo(0444);
      assertThat(second.getLongUserId()).isZero();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("debug=true\n");
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void aMissingHostFileSaysWhichFileAndWhatToDo(@TempDir Path dir) {
    String gone = dir.resolve("gone.txt").toString();

    assertThatThrownBy(() -> ContainerFiles.tar(List.of(new ContainerFile("/run/secrets/x", null, null, 0444, gone,
        null, null))))
        .isInstanceOf(ContainerFiles.FileProblem.class)
        .hasMessage("file " + gone + " for /run/secrets/x not found: create it, or fix the file: path, then run orch"
            + " up again");
  }

  @Test
  void aFileNeverPrintsItsContent() {
    assertThat(new ContainerFile("/run/secrets/x", null, null, 0444, null, "s3cret", "abc").toString())
        .doesNotContain("s3cret");
  }

  @Test
  void aFileForAReadOnlyRootIsAReadOnlyBindMountAndNotInTheTar() {
    ContainerFile bound = new ContainerFile("/run/secrets/pw", null, null, 0444, "/srv/pw.txt", null, "d", true);
    ContainerSpec spec = spec(null, null, null, null).withFiles(List.of(bound));

    assertThat(host(spec).getMounts()).singleElement().satisfies(m -> {
      assertThat(m.getSource()).isEqualTo("/srv/pw.txt");
      assertThat(m.getTarget()).isEqualTo("/run/secrets/pw");
      assertThat(m.getReadOnly()).isTrue();
    });
  }
}
