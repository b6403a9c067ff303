package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.ReferenceCountUtil;
import io.orch.api.dto.WireJson;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Arbitrary bytes sent as a request into the server's real pipeline (the {@link ApiChannelInitializer} with its
 * limits, codec, aggregator and handler, over a fake backend): nothing may escape the pipeline, every byte the server
 * writes back must parse as HTTP responses, none of them a 500, and once the request deadlines have passed the
 * connection has been answered or closed. Committed inputs (HttpRequestFuzzTestInputs) run in every build; `-Pfuzz`
 * fuzzes for maxDuration.
 */
class HttpRequestFuzzTest {
  private static final HttpLimits LIMITS = HttpLimits.DEFAULTS;
  private static final String TOKEN = "fuzz-token";

  private final ObjectMapper mapper = WireJson.strictMapper();
  private final ApiHandler.Shared shared = new ApiHandler.Shared(
      OrchRoutes.router(new StreamingBackend(), mapper, () -> "orch_up 1\n", Duration.ofSeconds(15)),
      Runnable::run, mapper, new BearerTokenCheck(TOKEN), new AccessPolicy(AccessPolicy.Reads.OPEN),
      RequestListener.NOOP);

  @FuzzTest(maxDuration = "30s")
  void anyBytesGetWellFormedAnswersOrAClose(byte[] input) {
    EmbeddedChannel server = new EmbeddedChannel(new ApiChannelInitializer(shared, 64 * 1024, LIMITS));
    server.freezeTime();
    try {
      server.writeInbound(Unpooled.wrappedBuffer(input));
      server.runPendingTasks();
      // Past every deadline: a request still incomplete must now be answered (408) or the connection closed.
      server.advanceTimeBy(LIMITS.idle().plus(LIMITS.body()).toMillis() + 1_000, TimeUnit.MILLISECONDS);
      server.runScheduledPendingTasks();
      server.runPendingTasks();
      server.checkException();

      List<HttpResponse> responses = responses(server, requestMethods(input));
      assertThat(responses).allSatisfy(r -> assertThat(r.status().code()).as("status").isNotEqualTo(500));
      assertThat(!responses.isEmpty() || !server.isOpen())
          .as("answered or closed once every deadline has passed").isTrue();
    } finally {
      server.finishAndReleaseAll();
    }
  }

  /** The methods of the requests a server decoder sees in {@code input}: a HEAD's answer has no body. */
  private static Deque<HttpMethod> requestMethods(byte[] input) {
    EmbeddedChannel decoder = new EmbeddedChannel(new HttpRequestDecoder());
    Deque<HttpMethod> methods = new ArrayDeque<>();
    try {
      decoder.writeInbound(Unpooled.wrappedBuffer(input));
      for (Object o = decoder.readInbound(); o != null; o = decoder.readInbound()) {
        if (o instanceof HttpRequest r) {
          methods.add(r.method());
        }
        ReferenceCountUtil.release(o);
      }
    } finally {
      decoder.finishAndReleaseAll();
    }
    return methods;
  }

  /** Decodes everything the server wrote; a malformed response fails the test. */
  private static List<HttpResponse> responses(EmbeddedChannel server, Deque<HttpMethod> methods) {
    EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder() {
      @Override
      protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (msg instanceof HttpResponse r && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
          HttpMethod answered = methods.poll();
          if (HttpMethod.HEAD.equals(answered)) {
            return true;
          }
        }
        return super.isContentAlwaysEmpty(msg);
      }
    });
    List<HttpResponse> responses = new ArrayList<>();
    try {
      for (Object out = server.readOutbound(); out != null; out = server.readOutbound()) {
        client.writeInbound((ByteBuf) out);
      }
      for (Object o = client.readInbound(); o != null; o = client.readInbound()) {
        try {
          assertThat(((HttpObject) o).decoderResult().isSuccess())
              .as("well-formed response: %s", ((HttpObject) o).decoderResult()).isTrue();
          if (o instanceof HttpResponse r && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            responses.add(r);
          }
        } finally {
          ReferenceCountUtil.release(o);
        }
      }
    } finally {
      client.finishAndReleaseAll();
    }
    return responses;
  }
}
