package io.orch.core.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lint on a real stack file: each finding points at the offending key's line, as `orch lint` prints it. */
class LinterOnStackFileTest {
  private static final String STACK = """
      name: demo
      services:
        db:
          image: postgres
          environment:
            POSTGRES_PASSWORD: hunter2
            POSTGRES_USER: ${DB_USER:-app}
            API_KEY: ${API_KEY}
          ports:
            - "5432:5432"
          healthcheck:
            test: ["CMD", "pg_isready"]
          mem_limit: 512m
          cpus: 1
          user: "999"
        tool:
          image: docker:27.3
          environment:
            - STRIPE_TOKEN=sk_live_123
            - OTHER=${OTHER_TOKEN}
          volumes:
            - /var/run/docker.sock:/var/run/docker.sock
          privileged: true
          network_mode: host
          healthcheck:
            test: ["CMD", "true"]
          mem_limit: 512m
          cpus: 1
          user: "1000"
      """;

  @Test
  void findings_point_at_the_offending_lines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stack.yml");
    Files.writeString(file, STACK);
    LoadResult loaded = new StackLoader(Map.of("API_KEY", "from-env", "OTHER_TOKEN", "t"))
        .load(file, null, Set.of());
    assertThat(loaded.ok()).as(loaded.diagnostics().toString()).isTrue();

    List<Finding> findings = new Linter().lint(loaded, SourceText.fromFiles()).findings();

    assertThat(findings).extracting(f -> f.rule() + " " + f.path() + " line " + f.location().line())
        .containsExactly(
            "image-tag services.db.image line 4",
            "literal-secret services.db.environment.POSTGRES_PASSWORD line 6",
            "public-database-port services.db.ports[0] line 10",
            "privileged services.tool.privileged line 23",
            "host-network services.tool.network_mode line 24",
            "host-mount services.tool.volumes[0] line 22",
            "literal-secret services.tool.environment.STRIPE_TOKEN line 19");
    assertThat(findings).allSatisfy(f -> assertThat(f.location().file()).isEqualTo(file.toString()));
    assertThat(findings.get(6).toString()).as("list-form entry located at the name")
        .startsWith(file + ":19:9: error [literal-secret] services.tool.environment.STRIPE_TOKEN: ");
    assertThat(new Linter().lint(loaded, SourceText.fromFiles()).hasErrors()).isTrue();
  }
}
