package dev.vigil.rules.internal;

import dev.cel.runtime.CelRuntime.Program;
import dev.vigil.rules.Rule;
import java.util.List;
import java.util.Optional;

/**
 * A rule with its compiled programs. {@code expected} is a list of literal strings and programs to
 * concatenate.
 */
public record CompiledRule(
    Rule rule,
    Optional<Program> when,
    Optional<Program> forEach,
    Optional<Program> resourceId,
    Program check,
    Optional<Program> observed,
    List<Object> expected) {
  public CompiledRule {
    expected = List.copyOf(expected);
  }
}
