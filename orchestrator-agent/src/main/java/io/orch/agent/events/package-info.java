/**
 * What the agent did or saw, as typed events: {@code AgentEvent} with its {@code EventType}; {@code EventHub} numbers
 * them, keeps the last 10,000 and feeds {@code GET /v1/events} (it implements the API's {@code EventSource});
 * {@code FanOutEvents} hands each to the log, the metrics and the hub; {@code EngineEventTranslation} turns the
 * engine's {@code die}, {@code oom} and health events into {@code container.*} events.
 *
 * <p>Anyone may emit; emitting never waits for a subscriber. May not touch the engine, the store or the loop: an
 * event reports a decision made elsewhere, it never makes one.
 */
package io.orch.agent.events;
