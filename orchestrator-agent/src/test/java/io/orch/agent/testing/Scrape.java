package io.orch.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One scrape of an agent's {@code GET /metrics}: the text, and its samples keyed by series ({@code name{labels}}). */
public record Scrape(String text, Map<String, Double> samples) {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static Scrape of(String baseUrl) {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
      }
      return parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Label values never contain a space followed by the value in Prometheus' text format, so split at the last one. */
  public static Scrape parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.valueOf(line.substring(space + 1)));
    }
    return new Scrape(text, Map.copyOf(samples));
  }

  /** The value of one series, or null when it is not exported. */
  public Double value(String series) {
    return samples.get(series);
  }

  /** Every metric (sample) name in the scrape: {@code orch_reconcile_duration_seconds_bucket}, ... */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.keySet().forEach(s -> names.add(s.contains("{") ? s.substring(0, s.indexOf('{')) : s));
    return names;
  }
}
