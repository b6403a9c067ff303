package io.orch.agent.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dockerd of the test's own, beside the main engine the other tests use, so a test may stop it (SIGSTOP) or kill
 * it without breaking them. Everything is its own: data root, exec root (and so its own containerd), pidfile, socket,
 * cgroup parent, and bridge (never docker0, which the main engine uses; never {@code --bridge none}, which would
 * leave the default bridge network without a device). It touches no iptables rules ({@code --iptables=false}), so the
 * main engine's stay as they are. Needs root, {@code dockerd} and {@code ip} (iproute2): set-up failures are
 * assertion errors, never skips.
 */
public final class SecondEngine implements AutoCloseable {
  private final Path dir;
  private final String bridge;
  private final String bridgeAddress;
  private Process dockerd;

  private SecondEngine(Path dir, String bridge, String bridgeAddress) {
    this.dir = dir;
    this.bridge = bridge;
    this.bridgeAddress = bridgeAddress;
  }

  /**
   * Starts a dockerd with its files under {@code dir} (keep it short: the exec root holds containerd's unix socket,
   * and socket paths are limited to 108 bytes) and its default bridge {@code bridge} at {@code bridgeAddress}
   * (CIDR). Leftovers of an earlier run that died (its dockerd, its bridge, its dirs) are cleared first.
   */
  public static SecondEngine start(Path dir, String bridge, String bridgeAddress) {
    SecondEngine engine = new SecondEngine(dir, bridge, bridgeAddress);
    try {
      engine.clearLeftovers();
      engine.launch();
      return engine;
    } catch (RuntimeException | Error e) {
      engine.close();
      throw e;
    }
  }

  /** {@code unix:///.../docker.sock}, for DOCKER_HOST. */
  public String host() {
    return "unix://" + dir.resolve("docker.sock");
  }

  public long pid() {
    return dockerd.pid();
  }

  public Path log() {
    return dir.resolve("dockerd.log");
  }

  /** SIGSTOP: dockerd is frozen; its sockets stay open and silent, as with a deadlocked daemon. */
  public void freeze() {
    run(Duration.ofSeconds(10), "kill", "-STOP", Long.toString(pid()));
  }

  /** SIGCONT. */
  public void thaw() {
    run(Duration.ofSeconds(10), "kill", "-CONT", Long.toString(pid()));
  }

  /** Runs the docker CLI against this engine. */
  public String docker(String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker", "-H", host()));
    cmd.addAll(List.of(args));
    return run(Duration.ofMinutes(2), cmd.toArray(String[]::new));
  }

  /** Copies an image of the main engine into this one (docker save | docker load). */
  public void loadFromMainEngine(String image) {
    run(Duration.ofMinutes(3), "bash", "-c", "set -o pipefail; docker save '" + image
        + "' | docker -H '" + host() + "' load");
  }

  private void launch() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(Duration.ofSeconds(10), "ip", "link", "add", "name", bridge, "type", "bridge");
    run(Duration.ofSeconds(10), "ip", "addr", "add", bridgeAddress, "dev", bridge);
    run(Duration.ofSeconds(10), "ip", "link", "set", bridge, "up");
    List<String> cmd = List.of("dockerd",
        "--data-root", dir.resolve("root").toString(),
        "--exec-root", dir.resolve("exec").toString(),
        "--pidfile", dir.resolve("docker.pid").toString(),
        "-H", host(),
        "--bridge", bridge,
        "--iptables=false", "--ip-masq=false", "--ip-forward=false",
        "--cgroup-parent", "/" + dir.getFileName());
    try {
      dockerd = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + cmd + ": " + e.getMessage(), e);
    }
    await("second dockerd at " + host() + " answering (log: " + log() + ")").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          if (!dockerd.isAlive()) {
            throw new AssertionError("the second dockerd exited with " + dockerd.exitValue() + ": "
                + Files.readString(log()));
          }
          return quietly(Duration.ofSeconds(10), "docker", "-H", host(), "version", "--format",
              "{{.Server.Version}}") == 0;
        });
  }

  /** An earlier run that died (SIGKILLed JVM) may have left its dockerd frozen, its bridge and its dirs. */
  private void clearLeftovers() {
    Path pidfile = dir.resolve("docker.pid");
    if (Files.isRegularFile(pidfile)) {
      try {
        long old = Long.parseLong(Files.readString(pidfile).strip());
        ProcessHandle.of(old).filter(p -> p.info().command().map(c -> c.endsWith("dockerd")).orElse(false))
            .ifPresent(this::stopDockerd);
      } catch (IOException | NumberFormatException e) {
        // no usable pidfile: nothing of ours is running
      }
    }
    if (quietly(Duration.ofSeconds(10), "ip", "link", "show", bridge) == 0) {
      quietly(Duration.ofSeconds(10), "ip", "link", "delete", bridge);
    }
    removeDir();
  }

  private void stopDockerd(ProcessHandle p) {
    quietly(Duration.ofSeconds(10), "kill", "-CONT", Long.toString(p.pid()));
    p.destroy(); // SIGTERM: dockerd stops its containers and its containerd, and unmounts what it mounted
    try {
      p.onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by what follows failing, if it matters
      }
    }
  }

  private void removeDir() {
    if (Files.exists(dir)) {
      // Whatever dockerd left mounted below its roots (it unmounts on a clean stop; a killed one may not).
      quietly(Duration.ofSeconds(30), "sh", "-c", "grep -o ' " + dir + "/[^ ]*' /proc/self/mounts | sort -r"
          + " | xargs -r -n1 umount -l");
      quietly(Duration.ofSeconds(60), "rm", "-rf", dir.toString());
    }
  }

  @Override
  public void close() {
    if (dockerd != null && dockerd.isAlive()) {
      stopDockerd(dockerd.toHandle());
    }
    if (quietly(Duration.ofSeconds(10), "ip", "link", "show", bridge) == 0) {
      quietly(Duration.ofSeconds(10), "ip", "link", "delete", bridge);
    }
    removeDir();
  }

  /** Runs a command; fails with its output when it fails. */
  private static String run(Duration limit, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish within " + limit);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " failed with " + p.exitValue() + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + String.join(" ", cmd), e);
    }
  }

  /** Runs a command for its exit status only. */
  private static int quietly(Duration limit, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
