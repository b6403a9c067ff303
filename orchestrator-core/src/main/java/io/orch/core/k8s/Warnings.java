package io.orch.core.k8s;

import java.util.ArrayList;
import java.util.List;

/** Collects export warnings in the order they are found (which follows the stable manifest order). */
final class Warnings {
  private final List<ExportWarning> list = new ArrayList<>();

  void add(Consequence consequence, String path, String message) {
    ExportWarning w = new ExportWarning(path, message, consequence);
    if (!list.contains(w)) {
      list.add(w);
    }
  }

  List<ExportWarning> list() {
    return List.copyOf(list);
  }
}
