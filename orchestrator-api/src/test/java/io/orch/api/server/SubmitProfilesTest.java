package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code PUT /v1/stacks/{stack}?profiles=...}: Compose profile names, comma-separated as in COMPOSE_PROFILES. */
class SubmitProfilesTest {
  @Test
  void readsCommaSeparatedProfileNames() {
    assertThat(OrchRoutes.profiles(null)).isEmpty();
    assertThat(OrchRoutes.profiles("")).isEmpty();
    assertThat(OrchRoutes.profiles("debug, tools,,debug")).containsExactly("debug", "tools");
    assertThat(OrchRoutes.profiles("*")).containsExactly("*");
  }

  @Test
  void aNameComposeWouldRefuseIsABadRequest() {
    assertThatThrownBy(() -> OrchRoutes.profiles("debug,-x"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("invalid profile name \"-x\"");
  }
}
