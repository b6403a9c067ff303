package io.orch.api.server;

/**
 * Where and how the API listens. {@code port} 0 picks a free port (tests). {@code token}, when set, is required
 * on mutating calls, and on reads too when {@code host} is not a loopback address; it is null when the agent runs
 * without one (loopback only). {@code limits} bound how long and how many connections the server keeps.
 */
public record ApiConfig(String host, int port, String token, int maxBodyBytes, HttpLimits limits) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public ApiConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (token != null && token.isBlank()) {
      // A blank token would let anyone through while looking configured.
      throw new IllegalArgumentException("token must not be blank; leave it unset instead");
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null; use HttpLimits.DEFAULTS");
    }
  }

  public ApiConfig(String host, int port, String token, int maxBodyBytes) {
    this(host, port, token, maxBodyBytes, HttpLimits.DEFAULTS);
  }

  public ApiConfig(String host, int port, String token) {
    this(host, port, token, DEFAULT_MAX_BODY_BYTES);
  }

  public static ApiConfig defaults() {
    return new ApiConfig(DEFAULT_HOST, DEFAULT_PORT, null, DEFAULT_MAX_BODY_BYTES, HttpLimits.DEFAULTS);
  }

  public ApiConfig withPort(int newPort) {
    return new ApiConfig(host, newPort, token, maxBodyBytes, limits);
  }

  public ApiConfig withToken(String newToken) {
    return new ApiConfig(host, port, newToken, maxBodyBytes, limits);
  }

  public ApiConfig withMaxBodyBytes(int newMax) {
    return new ApiConfig(host, port, token, newMax, limits);
  }

  public ApiConfig withLimits(HttpLimits newLimits) {
    return new ApiConfig(host, port, token, maxBodyBytes, newLimits);
  }

  /** Never prints the token: configs end up in logs. */
  @Override
  public String toString() {
    return "ApiConfig[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
        + ", maxBodyBytes=" + maxBodyBytes + ", limits=" + limits + "]";
  }
}
