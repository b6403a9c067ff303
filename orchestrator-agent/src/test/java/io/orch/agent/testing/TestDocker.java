package io.orch.agent.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** A plain docker-java client for tests to look at and poke the engine behind orch's back. */
public final class TestDocker {
  private static DockerClient client;

  private TestDocker() {}

  public static synchronized DockerClient client() {
    if (client == null) {
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
      client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
          .dockerHost(config.getDockerHost())
          .connectionTimeout(Duration.ofSeconds(5))
          .responseTimeout(Duration.ofSeconds(60))
          .build());
    }
    return client;
  }
}
