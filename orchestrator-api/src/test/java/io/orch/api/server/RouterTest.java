package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router router = Router.builder()
      .inline("GET", "/healthz", req -> ApiReply.ok("ok"))
      .blocking("GET", "/v1/stacks/{stack}", req -> ApiReply.ok("get"))
      .blocking("PUT", "/v1/stacks/{stack}", req -> ApiReply.ok("put"))
      .blocking("POST", "/v1/stacks/{stack}/services/{service}/scale", req -> ApiReply.ok("scale"))
      .build();

  @Test
  void bindsPathParamsAndKeepsTheTemplate() {
    Router.Match m = router.match("POST", "/v1/stacks/shop/services/web/scale");

    assertThat(m).isInstanceOf(Router.Found.class);
    Router.Found found = (Router.Found) m;
    assertThat(found.route().template()).isEqualTo("/v1/stacks/{stack}/services/{service}/scale");
    assertThat(found.params()).isEqualTo(Map.of("stack", "shop", "service", "web"));
  }

  @Test
  void decodesEachSegmentAfterSplitting() {
    Router.Found found = (Router.Found) router.match("GET", "/v1/stacks/a%2Fb");

    assertThat(found.params()).containsEntry("stack", "a/b");
  }

  @Test
  void reportsAllowedMethodsForAKnownPathWithTheWrongMethod() {
    assertThat(router.match("DELETE", "/v1/stacks/shop"))
        .isEqualTo(new Router.MethodNotAllowed(Set.of("GET", "PUT")));
  }

  @Test
  void unknownPathsAndEmptyParamsAreNotFound() {
    assertThat(router.match("GET", "/v1/nope")).isInstanceOf(Router.NotFound.class);
    assertThat(router.match("GET", "/v1/stacks/")).isInstanceOf(Router.NotFound.class);
    assertThat(router.match("GET", "/v1/stacks/shop/extra")).isInstanceOf(Router.NotFound.class);
    assertThat(router.match("GET", "/healthz/")).isInstanceOf(Router.NotFound.class);
  }
}
