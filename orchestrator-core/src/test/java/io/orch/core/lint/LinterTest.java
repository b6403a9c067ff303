package io.orch.core.lint;

import static io.orch.core.testkit.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.load.SourceLocation;
import io.orch.core.model.PortSpec;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.testkit.ServiceBuilder;
import io.orch.core.testkit.Stacks;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinterTest {
  private final Linter linter = new Linter();

  /** A service that breaks no rule; each case below changes one thing. */
  private static ServiceBuilder clean() {
    return service("app", "registry.example.com:5000/team/app:1.4.2")
        .healthcheck("CMD", "/app/healthcheck")
        .limits(0.5, 256L * 1024 * 1024)
        .user("1000:1000")
        .env("DB_PASSWORD_FILE", "/run/secrets/db_password")
        .env("LOG_LEVEL", "info")
        .port(new PortSpec("127.0.0.1", 5432, 5432, "tcp"))
        .port(8080, 8080)
        .bind("/srv/app/config", "/etc/app");
  }

  private List<String> rulesFired(ServiceSpec svc) {
    return linter.lint(Stacks.of("s", svc)).findings().stream().map(Finding::rule).toList();
  }

  @Test
  void a_clean_service_has_no_findings() {
    assertThat(linter.lint(Stacks.of("s", clean().build())).findings()).isEmpty();
  }

  static Stream<Arguments> breakers() {
    return Stream.of(
        Arguments.of("image-tag", (UnaryOperator<ServiceBuilder>) b -> service("app", "nginx")
            .healthcheck("CMD", "true").limits(1.0, 1L << 30).user("101")),
        Arguments.of("image-tag", (UnaryOperator<ServiceBuilder>) b -> service("app", "localhost:5000/nginx:latest")
            .healthcheck("CMD", "true").limits(1.0, 1L << 30).user("101")),
        Arguments.of("healthcheck", (UnaryOperator<ServiceBuilder>) b -> b.healthcheck((io.orch.core.model.HealthCheck) null)),
        Arguments.of("healthcheck", (UnaryOperator<ServiceBuilder>) b -> b.healthcheck("NONE")),
        Arguments.of("resource-limits", (UnaryOperator<ServiceBuilder>) b -> b.limits(null, 1L << 30)),
        Arguments.of("resource-limits", (UnaryOperator<ServiceBuilder>) b -> b.limits(2.0, null)),
        Arguments.of("root-user", (UnaryOperator<ServiceBuilder>) b -> b.user(null)),
        Arguments.of("root-user", (UnaryOperator<ServiceBuilder>) b -> b.user("0:0")),
        Arguments.of("root-user", (UnaryOperator<ServiceBuilder>) b -> b.user("root")),
        Arguments.of("privileged", (UnaryOperator<ServiceBuilder>) ServiceBuilder::privileged),
        Arguments.of("host-network", (UnaryOperator<ServiceBuilder>) b -> b.networkMode("host")),
        Arguments.of("host-mount", (UnaryOperator<ServiceBuilder>) b -> b.bind("/var/run/docker.sock", "/sock")),
        Arguments.of("host-mount", (UnaryOperator<ServiceBuilder>) b -> b.bind("/run/docker.sock", "/sock")),
        Arguments.of("host-mount", (UnaryOperator<ServiceBuilder>) b -> b.bind("/", "/host")),
        Arguments.of("literal-secret", (UnaryOperator<ServiceBuilder>) b -> b.env("MYSQL_ROOT_PASSWORD", "hunter2")),
        Arguments.of("literal-secret", (UnaryOperator<ServiceBuilder>) b -> b.env("Stripe_Api_Key", "sk_live_x")),
        Arguments.of("public-database-port", (UnaryOperator<ServiceBuilder>) b -> b.port(3306, 3306)),
        Arguments.of("public-database-port",
            (UnaryOperator<ServiceBuilder>) b -> b.port(new PortSpec("0.0.0.0", 15432, 5432, "tcp"))),
        Arguments.of("public-database-port", (UnaryOperator<ServiceBuilder>) b -> b.port(null, 27017)));
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("breakers")
  void each_rule_fires_alone_on_a_service_that_breaks_it(String rule, UnaryOperator<ServiceBuilder> breakIt) {
    assertThat(rulesFired(breakIt.apply(clean()).build())).containsExactly(rule);
  }

  @Test
  void quiet_cases_near_each_rule() {
    assertThat(rulesFired(service("app", "nginx@sha256:0123abcd").healthcheck("CMD", "true")
        .limits(1.0, 1L << 30).user("101").build())).isEmpty();
    assertThat(rulesFired(clean().healthcheck((io.orch.core.model.HealthCheck) null)
        .restart(RestartPolicy.Condition.NONE).build())).as("a one-shot job needs no health check").isEmpty();
    assertThat(rulesFired(clean().user("nobody").build())).isEmpty();
    assertThat(rulesFired(clean().networkMode("bridge").build())).isEmpty();
    assertThat(rulesFired(clean().bind("/var/run", "/host-run").bind("/srv", "/srv").build())).isEmpty();
    assertThat(rulesFired(clean().env("DB_PASSWORD", "").build())).as("empty is not a secret").isEmpty();
  }

  @Test
  void keyword_inside_a_word_still_counts_but_empty_values_do_not() {
    // MONKEYS contains KEY: documented as a known false positive of the name heuristic.
    List<Finding> findings = linter.lint(Stacks.of("s", clean().env("DB_PASSWORD", "").env("MONKEYS", "12")
        .build())).findings();
    assertThat(findings).extracting(Finding::path).containsExactly("services.app.environment.MONKEYS");
  }

  @Test
  void only_error_rules_make_the_report_fail() {
    assertThat(linter.lint(Stacks.of("s", clean().user(null).limits(null, null).build())).hasErrors()).isFalse();
    assertThat(linter.lint(Stacks.of("s", clean().privileged().build())).hasErrors()).isTrue();
    assertThat(linter.lint(Stacks.of("s", clean().env("API_TOKEN", "abc").build())).hasErrors()).isTrue();
    assertThat(linter.lint(Stacks.of("s", clean().bind("/", "/h").build())).hasErrors()).isTrue();
  }

  @Test
  void findings_carry_the_location_of_the_key_or_its_nearest_parent() {
    Stack stack = Stacks.of("s", clean().privileged().port(3306, 3306).build());
    Map<String, SourceLocation> locations = Map.of(
        "services.app", new SourceLocation("stack.yml", 2, 3),
        "services.app.privileged", new SourceLocation("stack.yml", 9, 5),
        "services.app.ports", new SourceLocation("stack.yml", 5, 5));
    List<Finding> findings = linter.lint(stack, new LintContext(locations, SourceText.NONE)).findings();
    assertThat(findings).extracting(f -> f.rule() + "@" + f.location())
        .containsExactly("privileged@stack.yml:9:5", "public-database-port@stack.yml:5:5");
    assertThat(findings.get(0).toString())
        .startsWith("stack.yml:9:5: error [privileged] services.app.privileged: runs privileged");
  }

  @Test
  void interpolated_and_env_file_secrets_are_not_literal() {
    List<String> file = List.of(
        "services:",                                   // 1
        "  app:",                                      // 2
        "    image: app:1",                            // 3
        "    environment:",                            // 4
        "      - DB_PASSWORD=${DB_PASSWORD}",          // 5
        "      - \"API_TOKEN=abc123\"",                // 6
        "    env_file: app.env",                       // 7
        "  other:",                                    // 8
        "    environment:",                            // 9
        "      SECRET_KEY: ${SECRET_KEY:-dev}",        // 10
        "      ADMIN_PASSWORD: admin");                // 11
    Stack stack = Stacks.of("s",
        clean().env("DB_PASSWORD", "resolved-from-env").env("API_TOKEN", "abc123").env("SMTP_PASSWORD", "from-file")
            .build(),
        service("other", "app:1").healthcheck("CMD", "true").limits(1.0, 1L << 30).user("1")
            .env("SECRET_KEY", "dev").env("ADMIN_PASSWORD", "admin").build());
    Map<String, SourceLocation> locations = Map.of(
        "services.app.environment", new SourceLocation("stack.yml", 4, 5),
        "services.other.environment", new SourceLocation("stack.yml", 9, 5));
    SourceText text = f -> f.equals("stack.yml") ? file : List.of();
    List<Finding> findings = linter.lint(stack, new LintContext(locations, text)).findings();
    assertThat(findings).extracting(Finding::path)
        .containsExactly("services.app.environment.API_TOKEN", "services.other.environment.ADMIN_PASSWORD");
  }
}
