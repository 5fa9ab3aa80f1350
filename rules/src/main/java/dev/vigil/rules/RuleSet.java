package dev.vigil.rules;

import java.nio.file.Path;
import java.util.List;

/** Loaded, validated and compiled rules. Immutable and thread-safe. */
public final class RuleSet {
  private RuleSet() {}

  /** The built-in rule packs. */
  public static RuleSet builtIn() {
    throw new UnsupportedOperationException("TODO(issue 6)");
  }

  /**
   * Loads rule packs from files or directories of {@code *.yaml}, with or without the built-in
   * packs; validates everything and reports every problem at once.
   */
  public static RuleSet load(List<Path> paths, boolean withBuiltIn) throws RuleLoadException {
    throw new UnsupportedOperationException("TODO(issue 6)");
  }
}
