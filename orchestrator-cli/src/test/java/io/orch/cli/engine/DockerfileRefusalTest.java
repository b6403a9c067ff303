package io.orch.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.BuildSpec;
import org.junit.jupiter.api.Test;

class DockerfileRefusalTest {
  @Test
  void aParseErrorNamesTheDockerfileAndTheLine() {
    BuildSpec spec = BuildSpec.ofContext("/src/shop/web");

    assertThat(DockerfileRefusal.describe(spec, "dockerfile parse error line 2: unknown instruction: RUNN"))
        .isEqualTo("/src/shop/web/Dockerfile:2: unknown instruction: RUNN (the engine cannot parse the Dockerfile;"
            + " fix that line)");
    // BuildKit words it "on line".
    assertThat(DockerfileRefusal.describe(spec, "dockerfile parse error on line 7: FROM requires either one or three"
        + " arguments")).startsWith("/src/shop/web/Dockerfile:7: FROM requires either one or three arguments");
  }

  @Test
  void anotherRefusalKeepsTheEnginesWords() {
    assertThat(DockerfileRefusal.describe(BuildSpec.ofContext("/src/web"),
        "Cannot locate specified Dockerfile: Dockerfile.prod"))
        .isEqualTo("the engine refused the build: Cannot locate specified Dockerfile: Dockerfile.prod");
  }
}
