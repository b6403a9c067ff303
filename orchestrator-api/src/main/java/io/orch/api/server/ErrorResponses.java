package io.orch.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.orch.api.dto.ErrorDto;
import java.time.Duration;

/** Error responses written by the connection layer, outside any route: the same JSON shape the routes answer. */
final class ErrorResponses {
  private ErrorResponses() {}

  /** {@code e} as the API's error JSON, with {@code Connection: close}: the server closes after writing it. */
  static FullHttpResponse closing(ApiException e, ObjectMapper mapper) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(ErrorDto.of(e.code(), e.getMessage(), e.details()));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(e.status()),
        Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ResponseHeaders.addTo(res.headers());
    return res;
  }

  /** "10s", or "300ms" below a second (tests configure short timeouts). */
  static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
