package io.orch.api.server;

/**
 * Produces the body of a streamed response. The server sends the head, then calls {@link #open} once; the returned
 * handle is closed when the client goes away or the response ends, whichever comes first.
 */
@FunctionalInterface
public interface StreamingBody {
  AutoCloseable open(ChunkWriter out) throws Exception;
}
