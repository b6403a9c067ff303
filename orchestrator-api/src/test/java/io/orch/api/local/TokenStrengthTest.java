package io.orch.api.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenStrengthTest {
  @Test
  void hexCountsFourBitsACharacter() {
    assertThat(TokenStrength.randomBytes("0123456789abcdef".repeat(4))).isEqualTo(32);
    assertThat(TokenStrength.randomBytes("a".repeat(63))).isEqualTo(31);
  }

  @Test
  void base64AndOtherPrintableTextCountSixBitsACharacter() {
    // `openssl rand -base64 32`: 43 characters and one '=' of padding.
    assertThat(TokenStrength.randomBytes("q3T0mZ8vYb1xk2Jc9LwR4sHn7uVdE5pGfA6yNzQiK0o=")).isEqualTo(32);
    assertThat(TokenStrength.randomBytes("q3T0mZ8vYb1xk2Jc9LwR4sHn7uVdE5pGfA6yNzQiK0")).isEqualTo(31);
    assertThat(TokenStrength.randomBytes("!#%&()*+,-./:;<>?@[]^_{|}~!#%&()*+,-./:;<>?")).isEqualTo(32);
  }

  @Test
  void aCharacterAHeaderCannotCarryIsNoToken() {
    assertThat(TokenStrength.randomBytes("a".repeat(40) + " " + "b".repeat(40))).isEqualTo(-1);
    assertThat(TokenStrength.randomBytes("a".repeat(80) + "\u00e9")).isEqualTo(-1);
    assertThatThrownBy(() -> TokenStrength.require("a".repeat(80) + "\n" + "b", "ORCH_TOKEN", "Fix it."))
        .isInstanceOf(TokenRefusedException.class)
        .hasMessage("ORCH_TOKEN holds a space or a control character; a token is printable ASCII without spaces."
            + " Fix it.");
  }

  @Test
  void requireAcceptsWhatTheAgentGenerates() {
    TokenStrength.require("f".repeat(64), "t", "");
  }
}
