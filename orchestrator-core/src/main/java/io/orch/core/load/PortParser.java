package io.orch.core.load;

import io.orch.core.model.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ports} entries, short ({@code "80"}, {@code "8080:80"}, {@code "127.0.0.1:8080:80/udp"},
 * {@code "8000-8001:80-81"}, {@code "[::1]::80"}) and long ({@code target}, {@code published}, {@code host_ip},
 * {@code protocol}, {@code mode}). Ranges become one PortSpec per port.
 */
final class PortParser {
  static final String SHORT_FORM = "[HOST_IP:][PUBLISHED[-END]:]TARGET[-END][/tcp|udp|sctp], e.g. \"8080:80\"";
  private static final Pattern SHORT = Pattern.compile(
      "^(?:(?:(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[0-9a-fA-F:]*::[0-9a-fA-F:]*)?:)?(\\d*)(?:-(\\d+))?:)?(\\d+)(?:-(\\d+))?"
          + "(?:/(\\w+))?$");
  private static final Map<String, String> PROTOCOLS = Map.of("tcp", "tcp", "udp", "udp", "sctp", "sctp");

  private static final Pattern HOST_RANGE = Pattern.compile("(\\d+)-(\\d+)");

  private final ReadContext ctx;

  PortParser(ReadContext ctx) {
    this.ctx = ctx;
  }

  List<PortSpec> read(YamlNode ports) {
    List<PortSpec> out = new ArrayList<>();
    if (!(ports instanceof YamlNode.Sequence seq)) {
      ctx.typeError(ports, "a list", "ports: [\"8080:80\"]");
      return out;
    }
    for (YamlNode item : seq.items()) {
      if (item instanceof YamlNode.Mapping) {
        readLong(item, out);
      } else if (item instanceof YamlNode.Scalar s && !s.isNull()) {
        readShort(s, out);
      } else {
        ctx.typeError(item, "a port string or mapping", "\"8080:80\"");
      }
    }
    return out;
  }

  private void readShort(YamlNode.Scalar node, List<PortSpec> out) {
    Matcher m = SHORT.matcher(node.text().strip());
    if (!m.matches()) {
      ctx.diagnostics.error(node, "invalid port \"" + node.text() + "\"", SHORT_FORM);
      return;
    }
    String ip = m.group(1);
    if (ip != null && ip.startsWith("[")) {
      ip = ip.substring(1, ip.length() - 1);
    }
    String protocol = m.group(6) == null ? "tcp" : PROTOCOLS.get(m.group(6).toLowerCase(java.util.Locale.ROOT));
    if (protocol == null) {
      ctx.diagnostics.error(node, "unknown protocol \"" + m.group(6) + "\"", "one of: tcp, udp, sctp");
      return;
    }
    Integer targetStart = port(node, m.group(4));
    Integer targetEnd = m.group(5) == null ? targetStart : port(node, m.group(5));
    Integer pubStart = m.group(2) == null || m.group(2).isEmpty() ? null : port(node, m.group(2));
    Integer pubEnd = m.group(3) == null ? pubStart : port(node, m.group(3));
    if (targetStart == null || targetEnd == null || (m.group(2) != null && !m.group(2).isEmpty() && pubStart == null)
        || (m.group(3) != null && pubEnd == null)) {
      return;
    }
    if (targetEnd < targetStart || (pubStart != null && pubEnd < pubStart)) {
      ctx.diagnostics.error(node, "invalid port range in \"" + node.text() + "\"", "ranges go from low to high,"
          + " e.g. \"8000-8001:80-81\"");
      return;
    }
    int count = targetEnd - targetStart + 1;
    String hostIp = ip == null || ip.isEmpty() ? null : ip;
    if (count == 1 && pubStart != null && pubEnd > pubStart) {
      // One target, several host ports: each replica publishes its own port from the range (Compose's scale case).
      out.add(new PortSpec(hostIp, pubStart, targetStart, protocol, pubEnd));
      return;
    }
    if (pubStart != null && pubEnd - pubStart + 1 != count) {
      ctx.diagnostics.error(node, "published and target ranges differ in length in \"" + node.text() + "\"",
          "give ranges of equal length, e.g. \"8000-8001:80-81\", or one target: \"8000-8009:80\"");
      return;
    }
    for (int i = 0; i < count; i++) {
      out.add(new PortSpec(hostIp, pubStart == null ? null : pubStart + i, targetStart + i, protocol));
    }
  }

  private Integer port(YamlNode node, String digits) {
    try {
      int p = Integer.parseInt(digits);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    ctx.diagnostics.error(node, "port " + digits + " is out of range", "ports are 1..65535");
    return null;
  }

  private void readLong(YamlNode item, List<PortSpec> out) {
    Fields f = ctx.fields(item, "{target: 80, published: \"8080\"}");
    YamlNode targetNode = f.value("target");
    Integer target = null;
    if (targetNode == null) {
      ctx.diagnostics.error(item, "port target is required", "e.g. {target: 80, published: \"8080\"}");
    } else {
      Long t = ctx.integer(targetNode, 1, 65535, "80");
      target = t == null ? null : t.intValue();
    }
    Integer published = null;
    Integer publishedEnd = null;
    YamlNode pubNode = f.value("published");
    if (pubNode != null) {
      String p = ctx.string(pubNode, "\"8080\"");
      if (p != null && p.contains("-")) {
        publishedEnd = hostRangeEnd(pubNode, p);
        published = publishedEnd == null ? null : Integer.valueOf(p.substring(0, p.indexOf('-')).strip());
      } else if (p != null) {
        Long v = ctx.integer(pubNode, 1, 65535, "8080");
        published = v == null ? null : v.intValue();
      }
    }
    String hostIp = f.string("host_ip", "127.0.0.1");
    String protocol = f.choice("protocol", PROTOCOLS);
    // mode host|ingress: orch decides itself whether its ingress serves a port (see DESIGN.md "Ports").
    f.choice("mode", Map.of("host", "host", "ingress", "ingress"));
    f.finish();
    if (target != null) {
      out.add(new PortSpec(hostIp, published, target, protocol, publishedEnd));
    }
  }

  /** The end of a long-syntax host range {@code "8000-8009"}, or null after reporting why it is not one. */
  private Integer hostRangeEnd(YamlNode node, String text) {
    Matcher m = HOST_RANGE.matcher(text.strip());
    if (!m.matches()) {
      ctx.diagnostics.error(node, "invalid published port range \"" + text + "\"", "e.g. \"8000-8009\"");
      return null;
    }
    Integer start = port(node, m.group(1));
    Integer end = port(node, m.group(2));
    if (start == null || end == null) {
      return null;
    }
    if (end <= start) {
      ctx.diagnostics.error(node, "invalid published port range \"" + text + "\"", "ranges go from low to high");
      return null;
    }
    return end;
  }
}
