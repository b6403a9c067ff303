package io.orch.core.load;

import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose's legacy {@code links: [db:database]}: the linked service starts first (an implied depends_on, added by
 * the service reader) and answers to the alias. The alias becomes a DNS alias of the linked service on the networks
 * the two services share, so {@code database} resolves from the linking service as in Compose (where the engine's
 * link scopes it to the linking container; on a shared network every member resolves it).
 */
final class Links {
  /** One {@code target:alias} entry of {@code from}'s links. */
  record Link(String from, String target, String alias) {}

  private Links() {}

  /** The services with each link's alias added to its target on the networks it shares with the linking service. */
  static Map<String, ServiceSpec> apply(Map<String, ServiceSpec> services, List<Link> links) {
    Map<String, ServiceSpec> out = new LinkedHashMap<>(services);
    for (Link link : links) {
      ServiceSpec from = out.get(link.from());
      ServiceSpec target = out.get(link.target());
      if (from == null || target == null || link.alias().equals(link.target())) {
        continue; // an undefined target is reported as the implied depends_on's error
      }
      Map<String, ServiceNetwork> networks = new LinkedHashMap<>(target.networks());
      networks.replaceAll((name, membership) -> {
        if (!from.networks().containsKey(name) || membership.aliases().contains(link.alias())) {
          return membership;
        }
        List<String> aliases = new ArrayList<>(membership.aliases());
        aliases.add(link.alias());
        return new ServiceNetwork(aliases, membership.ipv4Address(), membership.ipv6Address());
      });
      out.put(link.target(), target.withNetworks(networks));
    }
    return out;
  }
}
