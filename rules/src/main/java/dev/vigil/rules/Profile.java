package dev.vigil.rules;

import java.util.SortedMap;

/** Which rules run with which parameter values (XCCDF tailoring, InSpec inputs). */
public final class Profile {
  private Profile() {}

  /**
   * A built-in profile name ({@code default}, {@code nist-moderate}) or a path to a profile file.
   */
  public static Profile load(String nameOrPath, RuleSet rules) throws RuleLoadException {
    throw new UnsupportedOperationException("TODO(issue 6)");
  }

  public String name() {
    throw new UnsupportedOperationException("TODO(issue 6)");
  }

  /** Parameter values in force, rendered as text, for the methodology appendix. */
  public SortedMap<String, String> parameterValues() {
    throw new UnsupportedOperationException("TODO(issue 6)");
  }
}
