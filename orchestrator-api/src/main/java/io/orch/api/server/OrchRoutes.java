package io.orch.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.orch.api.dto.DeleteAcceptedDto;
import io.orch.api.dto.ScaleRequestDto;
import io.orch.api.dto.StatusDto;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/** The API's route table: each route validates its input and delegates to the {@link OrchBackend}. */
final class OrchRoutes {
  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Set<String> STACK_MEDIA_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml",
      "text/x-yaml", "application/json", "text/plain");

  private final OrchBackend backend;
  private final ObjectMapper mapper;

  private OrchRoutes(OrchBackend backend, ObjectMapper mapper) {
    this.backend = backend;
    this.mapper = mapper;
  }

  /** {@code metricsScraper} may be null: then {@code /metrics} is not served. */
  static Router router(OrchBackend backend, ObjectMapper mapper, Supplier<String> metricsScraper) {
    OrchRoutes r = new OrchRoutes(backend, mapper);
    Router.Builder b = Router.builder()
        // The liveness probe must answer even when every worker is stuck in a slow engine call.
        .inline("GET", "/healthz", req -> ApiReply.ok(StatusDto.OK))
        .blocking("GET", "/readyz", req -> r.ready())
        .blocking("GET", "/v1/info", req -> ApiReply.ok(backend.info()))
        .blocking("GET", "/v1/stacks", req -> ApiReply.ok(backend.stacks()))
        .blocking("PUT", "/v1/stacks/{stack}", r::submit)
        .blocking("GET", "/v1/stacks/{stack}", r::stack)
        .blocking("DELETE", "/v1/stacks/{stack}", r::delete)
        .blocking("GET", "/v1/stacks/{stack}/services", req -> ApiReply.ok(backend.services(req.stack())))
        .blocking("GET", "/v1/stacks/{stack}/services/{service}", r::service)
        .blocking("POST", "/v1/stacks/{stack}/services/{service}/scale", r::scale)
        .blocking("POST", "/v1/stacks/{stack}/services/{service}/restart",
            req -> ApiReply.ok(backend.restart(req.stack(), req.service())))
        .blocking("POST", "/v1/stacks/{stack}/services/{service}/rollback",
            req -> ApiReply.ok(backend.rollback(req.stack(), req.service())))
        .blocking("GET", "/v1/containers",
            req -> ApiReply.ok(backend.containers(req.stackQuery().orElse(null), req.serviceQuery().orElse(null))))
        .inline("GET", OpenApiDocument.PATH, req -> OpenApiDocument.reply());
    if (metricsScraper != null) {
      b.blocking("GET", "/metrics",
          req -> new ApiReply.Text(200, PROMETHEUS_CONTENT_TYPE, metricsScraper.get()));
    }
    return b.build();
  }

  private ApiReply ready() {
    return backend.ready() ? ApiReply.ok(StatusDto.OK) : ApiReply.json(503, StatusDto.NOT_READY);
  }

  private ApiReply submit(ApiRequest req) {
    String stack = req.stack();
    boolean dryRun = req.flag("dryRun");
    if (req.body().length == 0) {
      throw ApiException.badRequest("request body is empty; send the stack file as YAML or JSON");
    }
    requireStackMediaType(req.contentType());
    return ApiReply.ok(backend.submit(stack, req.body(), req.contentType(), dryRun));
  }

  /**
   * A stack body is YAML or JSON (JSON is read as YAML). No Content-Type is accepted (a plain file upload); anything
   * else, e.g. curl's default form encoding for {@code -d}, is refused so the mistake is named instead of the body
   * being misread.
   */
  private static void requireStackMediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!STACK_MEDIA_TYPES.contains(media)) {
      throw ApiException.unsupportedMediaType("a stack is sent as application/yaml or application/json, not "
          + media + " (curl: -H 'Content-Type: application/yaml' --data-binary @stack.yml)");
    }
  }

  private ApiReply stack(ApiRequest req) {
    String stack = req.stack();
    return backend.stack(stack)
        .<ApiReply>map(ApiReply::ok)
        .orElseThrow(() -> ApiException.notFound("stack '" + stack + "' not found"));
  }

  private ApiReply delete(ApiRequest req) {
    String stack = req.stack();
    boolean removeVolumes = req.flag("volumes");
    backend.delete(stack, removeVolumes);
    return ApiReply.json(202, DeleteAcceptedDto.accepted(stack, removeVolumes));
  }

  private ApiReply service(ApiRequest req) {
    String stack = req.stack();
    String service = req.service();
    return backend.service(stack, service)
        .<ApiReply>map(ApiReply::ok)
        .orElseThrow(() -> ApiException.notFound("service '" + service + "' not found in stack '" + stack + "'"));
  }

  private ApiReply scale(ApiRequest req) {
    String stack = req.stack();
    String service = req.service();
    ScaleRequestDto body = readJson(req, ScaleRequestDto.class, "{\"replicas\": N}");
    Integer replicas = body.replicas();
    if (replicas == null) {
      throw ApiException.badRequest("field 'replicas' is required", List.of("replicas"));
    }
    if (replicas < 0 || replicas > ScaleRequestDto.MAX_REPLICAS) {
      throw ApiException.unprocessable(
          "replicas must be between 0 and " + ScaleRequestDto.MAX_REPLICAS + ", got " + replicas,
          List.of("replicas"));
    }
    return ApiReply.ok(backend.scale(stack, service, replicas));
  }

  /** Reads a JSON body strictly; every way it can be wrong is a 400 that says where. */
  private <T> T readJson(ApiRequest req, Class<T> type, String expected) {
    if (req.body().length == 0) {
      throw ApiException.badRequest("request body is empty; expected " + expected);
    }
    T value;
    try {
      value = mapper.readValue(req.body(), type);
    } catch (UnrecognizedPropertyException e) {
      String path = jsonPath(e);
      throw new ApiException(400, "unknown_field", "unknown field '" + path + "'; expected " + expected,
          List.of(path));
    } catch (MismatchedInputException e) {
      String path = jsonPath(e);
      throw ApiException.badRequest("invalid value" + (path.isEmpty() ? "" : " for '" + path + "'")
          + ": " + e.getOriginalMessage(), path.isEmpty() ? List.of() : List.of(path));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable request body: " + e.getMessage());
    }
    if (value == null) {
      throw ApiException.badRequest("request body is null; expected " + expected);
    }
    return value;
  }

  /** {@code spec.replicas} or {@code items[2].name} from Jackson's path references. */
  static String jsonPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
