package io.orch.core.load;

import java.util.Collections;

/** The "billion laughs" stack: {@code levels} anchors, each a list of {@code width} aliases of the one before. */
final class AliasBomb {
  private AliasBomb() {}

  /** 9 x 9 is 444 bytes and expands to 9^9 strings. */
  static String yaml(int levels, int width) {
    StringBuilder sb = new StringBuilder("services: {web: {image: busybox}}\nx-bomb:\n");
    sb.append("  a0: &a0 [").append(String.join(",", Collections.nCopies(width, "lol"))).append("]\n");
    for (int level = 1; level < levels; level++) {
      sb.append("  a").append(level).append(": &a").append(level).append(" [")
          .append(String.join(",", Collections.nCopies(width, "*a" + (level - 1)))).append("]\n");
    }
    return sb.toString();
  }
}
