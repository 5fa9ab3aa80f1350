package dev.vigil.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule pack, profile or waivers file is invalid; carries every problem found, not just the first.
 */
public class RuleLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public RuleLoadException(List<Problem> problems) {
    super(problems.stream().map(p -> "ERROR " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
