package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orch.agent.testing.TestImages;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.VolumeCreate;
import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a real engine can show, so it is not part of {@link EngineContractTest} (which the fake passes too): that
 * the process sees its environment, command, named volume and sized tmpfs; that containers resolve each other's
 * aliases on every network; and that a server answers on a published port.
 */
class DockerRuntimeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TEST_LABEL = "io.orch.test";
  private static final String NAME_PREFIX = System.getProperty("orch.test.prefix", "orchit");
  private static DockerEngine engine;
  private static String image;

  private String prefix;
  private Map<String, String> labels;

  @BeforeAll
  static void connect() {
    TestImages.requireEngine();
    image = TestImages.busybox();
    engine = DockerEngine.fromEnvironment(EngineCallListener.NOOP);
  }

  @AfterAll
  static void disconnect() throws IOException {
    if (engine != null) {
      engine.close();
    }
  }

  @BeforeEach
  void uniqueNames() {
    prefix = NAME_PREFIX + "-" + UUID.randomUUID().toString().substring(0, 8);
    labels = Map.of(TEST_LABEL, prefix);
  }

  @AfterEach
  void removeWhatTheTestCreated() {
    TestImages.removeByLabel(TEST_LABEL, prefix);
  }

  @Test
  void containerSeesItsEnvironmentCommandNamedVolumeAndSizedTmpfs() {
    String volume = prefix + "_data";
    engine.createVolume(new VolumeCreate(volume, null, labels, null));
    ContainerSpec writer = spec("writer", "sh", "-c",
        "grep -q '^tmpfs /scratch tmpfs .*size=1024k' /proc/mounts && echo \"$GREETING\" > /data/greeting")
        .env(Map.of("GREETING", "hello-orch"))
        .mount(new MountSpec(MountSpec.Type.VOLUME, volume, "/data", false, null))
        .mount(new MountSpec(MountSpec.Type.TMPFS, null, "/scratch", false, 1024L * 1024))
        .build();

    String id = engine.createContainer(writer);
    engine.startContainer(id);
    assertThat(awaitExited(id).exitCode()).as("writer saw its tmpfs and env").isZero();

    // The data outlives the writer in the named volume; a read-only mount refuses writes.
    ContainerSpec reader = spec("reader", "sh", "-c",
        "test \"$(cat /data/greeting)\" = hello-orch && ! touch /data/other 2>/dev/null")
        .mount(new MountSpec(MountSpec.Type.VOLUME, volume, "/data", true, null))
        .build();
    String readerId = engine.createContainer(reader);
    engine.startContainer(readerId);
    assertThat(awaitExited(readerId).exitCode()).isZero();
  }

  @Test
  void publishedPortIsReachableFromTheHost() throws Exception {
    int hostPort = EngineContractTest.freePort();
    ContainerSpec web = spec("web", "sh", "-c", "mkdir -p /www && echo orch-ok > /www/index.html && "
        + "exec httpd -f -p 8080 -h /www")
        .port(new PortSpec("127.0.0.1", hostPort, 8080, "tcp"))
        .build();
    engine.startContainer(engine.createContainer(web));

    await().atMost(WAIT).ignoreExceptions()
        .until(() -> httpGet(hostPort).contains("orch-ok"));
  }

  @Test
  void containersFindEachOtherByAliasOnEveryNetwork() {
    String front = prefix + "_front";
    String back = prefix + "_back";
    engine.createNetwork(new NetworkCreate(front, "bridge", false, labels, null));
    engine.createNetwork(new NetworkCreate(back, "bridge", false, labels, null));
    ContainerSpec server = spec("server", "sleep", "300")
        .network(front, "api-" + prefix)
        .network(back, "api-internal-" + prefix)
        .build();
    engine.startContainer(engine.createContainer(server));

    ContainerSpec fromFront = spec("client-front", "ping", "-c1", "-W5", "api-" + prefix).network(front).build();
    ContainerSpec fromBack =
        spec("client-back", "ping", "-c1", "-W5", "api-internal-" + prefix).network(back).build();
    String frontId = engine.createContainer(fromFront);
    String backId = engine.createContainer(fromBack);
    engine.startContainer(frontId);
    engine.startContainer(backId);

    assertThat(awaitExited(frontId).exitCode()).as("alias on the first network resolves").isZero();
    assertThat(awaitExited(backId).exitCode()).as("alias on the network connected after create").isZero();
  }

  private ObservedContainer awaitExited(String id) {
    return await().atMost(WAIT)
        .until(() -> engine.inspectContainer(id).orElseThrow(), c -> c.state() == ObservedContainer.State.EXITED);
  }

  private EngineContractTest.SpecBuilder spec(String name, String... command) {
    return new EngineContractTest.SpecBuilder(prefix + "-" + name, image, List.of(command), labels);
  }

  private static String httpGet(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
