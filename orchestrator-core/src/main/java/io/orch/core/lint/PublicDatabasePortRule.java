package io.orch.core.lint;

import io.orch.core.model.PortSpec;
import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A database port published on every interface is reachable from the whole network, not just the stack. */
public final class PublicDatabasePortRule implements LintRule {
  static final Map<Integer, String> DATABASE_PORTS = Map.ofEntries(
      Map.entry(1433, "SQL Server"), Map.entry(1521, "Oracle"), Map.entry(3306, "MySQL/MariaDB"),
      Map.entry(5432, "PostgreSQL"), Map.entry(5984, "CouchDB"), Map.entry(6379, "Redis"),
      Map.entry(7687, "Neo4j"), Map.entry(8086, "InfluxDB"), Map.entry(9042, "Cassandra"),
      Map.entry(9200, "Elasticsearch"), Map.entry(11211, "Memcached"), Map.entry(26257, "CockroachDB"),
      Map.entry(27017, "MongoDB"));

  @Override public String id() { return "public-database-port"; }

  @Override public Severity severity() { return Severity.WARNING; }

  @Override public String fix() {
    return "drop the ports: entry (services reach it by name on the stack network) or bind it to 127.0.0.1";
  }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    List<Violation> found = new ArrayList<>();
    for (int i = 0; i < svc.ports().size(); i++) {
      PortSpec p = svc.ports().get(i);
      String db = DATABASE_PORTS.get(p.target());
      boolean allInterfaces = p.hostIp() == null || p.hostIp().equals("0.0.0.0") || p.hostIp().equals("::")
          || p.hostIp().equals("[::]");
      if (db != null && allInterfaces) {
        found.add(new Violation("services." + svc.name() + ".ports[" + i + "]", db + " port " + p.target()
            + " is published on all interfaces" + (p.published() == null ? "" : " as " + p.published())));
      }
    }
    return found;
  }
}
