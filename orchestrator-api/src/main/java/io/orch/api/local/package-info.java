/**
 * What the CLI and the agent on one machine share, outside the HTTP API: the default address and state dir, the token
 * file and its strength rule, private file creation, the agent's JVM options, duration flags and orch's version. Both
 * the agent and the CLI modules depend on it; it depends on neither, and on no Netty class.
 */
package io.orch.api.local;
