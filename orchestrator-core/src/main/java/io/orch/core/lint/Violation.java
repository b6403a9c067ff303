package io.orch.core.lint;

/** What a rule found in one service: the key path that offends ({@code services.web.image}) and why. */
public record Violation(String path, String message) {}
