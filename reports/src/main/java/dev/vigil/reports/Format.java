package dev.vigil.reports;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The output formats of a run. */
public enum Format {
  HTML,
  JSON,
  CSV,
  JUNIT,
  OSCAL;

  /** Parses a comma-separated list ({@code html,json}); {@code all} means every format. */
  public static Set<Format> parseList(String csv) {
    EnumSet<Format> out = EnumSet.noneOf(Format.class);
    for (String part : csv.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("all")) {
        return EnumSet.allOf(Format.class);
      }
      try {
        out.add(Format.valueOf(p.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "format must be html, json, csv, junit, oscal or all: " + part.trim(), e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no format given: '" + csv + "'");
    }
    return out;
  }
}
