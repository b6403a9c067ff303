package io.orch.agent.ingress;

import java.net.InetSocketAddress;

/** One replica in a rotation: where the ingress connects to reach it, and which container it is. */
public record Backend(String containerId, String name, InetSocketAddress address) {}
