package dev.vigil.rules;

import dev.vigil.core.Finding;
import dev.vigil.core.facts.Snapshot;
import java.time.Clock;
import java.util.List;

/**
 * Evaluates the rules of a profile against one snapshot and applies waivers. Thread-safe: one
 * evaluator serves every target of a run.
 */
public final class Evaluator {
  public Evaluator(RuleSet rules, Profile profile, Waivers waivers, Clock clock) {}

  /** One finding per rule (per resource for forEach rules); never throws for a bad fact. */
  public List<Finding> evaluate(Snapshot snapshot) {
    throw new UnsupportedOperationException("TODO(issue 6)");
  }
}
