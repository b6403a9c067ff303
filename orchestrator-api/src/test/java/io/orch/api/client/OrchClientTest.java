package io.orch.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OrchClientTest {

  @Test
  void nothingListeningIsAgentUnreachableWithTheAddress() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    OrchClient client = new OrchClient(URI.create("http://127.0.0.1:" + port + "/"), null, Duration.ofSeconds(5));

    assertThat(client.healthy()).isFalse();
    assertThatThrownBy(client::stacks)
        .isInstanceOf(AgentUnreachableException.class)
        .hasMessageStartingWith("no orch agent answers at http://127.0.0.1:" + port + " ")
        .hasMessageContaining("ORCH_ADDR");
  }

  @Test
  void nonJsonErrorStillBecomesATypedError() throws Exception {
    // A proxy or another program on the port answers with HTML: the CLI must still get status and a message.
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", exchange -> {
      byte[] page = "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(502, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    other.start();
    try {
      OrchClient client = new OrchClient(URI.create("http://127.0.0.1:" + other.getAddress().getPort()), null,
          Duration.ofSeconds(5));

      assertThat(client.healthy()).isFalse();
      assertThatThrownBy(client::info)
          .isInstanceOfSatisfying(OrchClientException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("http_502");
            assertThat(e.getMessage()).contains("Bad Gateway");
          });
    } finally {
      other.stop(0);
    }
  }
}
