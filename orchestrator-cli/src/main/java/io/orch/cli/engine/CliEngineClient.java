package io.orch.cli.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** The engine client the CLI builds and pulls with (ImageBuilder, ImagePuller), on the engine's own machine. */
final class CliEngineClient {
  private CliEngineClient() {}

  /**
   * No response timeout: a build step or a large layer may go minutes without a new line. Only connecting is bounded,
   * so an engine that is not there is reported at once.
   */
  static DockerClient forLongCalls(DockerClientConfig config) {
    return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(5))
        .build());
  }
}
