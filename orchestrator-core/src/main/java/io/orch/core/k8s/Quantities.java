package io.orch.core.k8s;

/** Formats Compose sizes and CPU counts as Kubernetes quantities. */
final class Quantities {
  private static final long KI = 1024;
  private static final long MI = KI * 1024;
  private static final long GI = MI * 1024;

  private Quantities() {}

  /** 0.5 -> "500m", 2.0 -> "2". */
  static String cpu(double cpus) {
    long milli = Math.round(cpus * 1000);
    return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
  }

  /** 536870912 -> "512Mi"; sizes that are not whole KiB stay in bytes. */
  static String bytes(long bytes) {
    if (bytes != 0 && bytes % GI == 0) {
      return bytes / GI + "Gi";
    }
    if (bytes != 0 && bytes % MI == 0) {
      return bytes / MI + "Mi";
    }
    if (bytes != 0 && bytes % KI == 0) {
      return bytes / KI + "Ki";
    }
    return Long.toString(bytes);
  }
}
