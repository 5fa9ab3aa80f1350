package dev.vigil.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule pack, profile or waivers file is invalid; carries every problem found, not just the first.
 */
public class RuleLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /** The problems are reported in file, line and column order. */
  public RuleLoadException(List<Problem> problems) {
    super(sorted(problems).stream().map(p -> "ERROR " + p).collect(Collectors.joining("\n")));
    this.problems = sorted(problems);
  }

  private static List<Problem> sorted(List<Problem> problems) {
    return problems.stream()
        .sorted(
            java.util.Comparator.comparing(Problem::file)
                .thenComparingInt(Problem::line)
                .thenComparingInt(Problem::column))
        .toList();
  }

  public List<Problem> problems() {
    return problems;
  }
}
