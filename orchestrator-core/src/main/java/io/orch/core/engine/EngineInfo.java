package io.orch.core.engine;

/** The engine's identity, for /v1/info and start-up logs. */
public record EngineInfo(String version, String apiVersion, String os, String arch) {}
