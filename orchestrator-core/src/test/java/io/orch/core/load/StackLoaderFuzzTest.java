package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Any text at all, given to the loader, gives diagnostics or a stack: never an exception, never a hang (Jazzer's
 * per-input timeout), never an OutOfMemoryError. In a normal build this runs the committed inputs in
 * {@code src/test/resources/io/orch/core/load/StackLoaderFuzzTestInputs/loadsAnyText/} (valid stacks, an alias
 * bomb, deep nesting, past findings); with {@code JAZZER_FUZZ=1} (the {@code fuzz} Maven profile) Jazzer mutates
 * them for a bounded time and saves any input that fails there.
 */
class StackLoaderFuzzTest {
  private static final StackLoader LOADER = new StackLoader(Map.of("TAG", "1.0"));

  @FuzzTest(maxDuration = "30s")
  void loadsAnyText(byte[] input) {
    // Raw bytes, so that corpus files are plain stack files; invalid UTF-8 becomes U+FFFD as in a request body.
    String text = new String(input, StandardCharsets.UTF_8);
    LoadResult result = LOADER.loadText(text, "fuzz.yml", null, "fuzz", Set.of("debug"));
    if (result.ok()) {
      assertThat(result.stack().name()).isNotEmpty();
      // What the CLI prints and sends must not fail either.
      String normalized = StackWriter.toYaml(result.stack());
      // ...and the agent loads what the CLI sends to the same stack.
      LoadResult again = LOADER.loadText(normalized, "normalized.yml", null, "fuzz", Set.of("debug"));
      assertThat(again.errors()).as("errors loading the normalized form of\n%s\n---\n%s", text, normalized)
          .isEmpty();
      assertThat(again.stack()).isEqualTo(result.stack());
      // ...and the agent's stored copy reads back the same stack after an agent restart.
      String stored = StackWriter.toStored(result.stack());
      LoadResult restored = StackLoader.readStored(stored, "stored.yml", result.stack().name());
      assertThat(restored.errors()).as("errors reading the stored form of\n%s\n---\n%s", text, stored).isEmpty();
      assertThat(restored.stack()).isEqualTo(result.stack());
    } else {
      assertThat(result.errors()).as("a failed load says why").isNotEmpty();
    }
  }
}
