/**
 * The wire: one record per JSON body of the HTTP API ({@code *Dto}), never core records, and {@code WireJson}, the
 * mappers of both ends (strict in the server, lenient in the client so an older CLI reads a newer agent). Converting
 * from core's types happens at the edge ({@code DiagnosticDto.from}; the agent's {@code io.orch.agent.server.Dtos}).
 *
 * <p>May not touch: Netty or the server, the agent, the engine. The CLI loads these records, so they stay plain
 * (ArchitectureTest checks that they need neither Netty nor the server).
 */
package io.orch.api.dto;
