package dev.vigil.rules;

import java.nio.file.Path;

/**
 * Accepted exceptions. A malformed waivers file stops the run: a silently ignored waiver is worse.
 */
public final class Waivers {
  private Waivers() {}

  public static Waivers none() {
    return new Waivers();
  }

  public static Waivers load(Path file) throws RuleLoadException {
    throw new UnsupportedOperationException("TODO(issue 6)");
  }
}
