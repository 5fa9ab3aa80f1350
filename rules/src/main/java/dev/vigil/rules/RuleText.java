package dev.vigil.rules;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.controls.ControlInfo;
import dev.vigil.core.ControlId;
import java.util.List;
import java.util.Map;

/** Plain-text views of rules for the command line ({@code vigil rules list|show}). */
public final class RuleText {
  private RuleText() {}

  /**
   * One line per rule: id, severity, whether the profile runs it, controls and title, e.g. {@code
   * sshd.permit-root-login medium on AC-6(2),CM-6 SSH root login is disabled}.
   */
  public static String list(RuleSet rules, Profile profile) {
    int width = rules.rules().stream().mapToInt(r -> r.id().value().length()).max().orElse(10);
    StringBuilder sb = new StringBuilder();
    for (Rule r : rules.rules()) {
      sb.append(
          String.format(
              "%-" + width + "s  %-8s  %-3s  %-28s  %s%n",
              r.id(),
              r.severity().wire(),
              profile.enabled(r.id()) ? "on" : "off",
              String.join(",", r.controls().stream().map(ControlId::toString).toList()),
              r.title()));
    }
    return sb.toString();
  }

  /** Every field of one rule, with the profile's parameter values and the control titles. */
  public static String show(Rule r, Profile profile, ControlCatalog catalog) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.id()).append(": ").append(r.title()).append('\n');
    line(sb, "severity", r.severity().wire());
    line(sb, "profile", profile.name() + (profile.enabled(r.id()) ? " (runs)" : " (disabled)"));
    sb.append("controls:\n");
    for (ControlId c : r.controls()) {
      sb.append("  ")
          .append(c)
          .append("  ")
          .append(catalog.find(c).map(ControlInfo::title).orElse("(not in the catalog)"))
          .append('\n');
    }
    if (!r.references().isEmpty()) {
      sb.append("references:\n");
      for (Map.Entry<String, List<String>> e : r.references().entrySet()) {
        sb.append("  ")
            .append(e.getKey())
            .append(": ")
            .append(String.join(", ", e.getValue()))
            .append('\n');
      }
    }
    line(sb, "facts", String.join(", ", r.facts()));
    line(sb, "when facts are absent", r.missingIsError() ? "error" : "notapplicable");
    r.when().ifPresent(w -> line(sb, "when", w));
    r.forEach().ifPresent(f -> line(sb, "for each " + r.resourceType(), f));
    line(sb, "check", r.check());
    r.observed().ifPresent(o -> line(sb, "observed", o));
    r.expected().ifPresent(e -> line(sb, "expected", e));
    if (!r.params().isEmpty()) {
      sb.append("parameters:\n");
      for (RuleParam p : r.params()) {
        sb.append("  ")
            .append(p.name())
            .append(" (")
            .append(p.type().wire())
            .append(") = ")
            .append(RuleParam.render(profile.parameter(p.name()).orElse(p.defaultValue())))
            .append("   default ")
            .append(RuleParam.render(p.defaultValue()))
            .append(p.description().isEmpty() ? "" : "   " + p.description())
            .append('\n');
      }
    }
    if (!r.description().isEmpty()) {
      line(sb, "description", r.description());
    }
    if (!r.rationale().isEmpty()) {
      line(sb, "rationale", r.rationale());
    }
    if (!r.remediation().isEmpty()) {
      line(sb, "remediation", r.remediation());
    }
    line(sb, "source", r.source());
    return sb.toString();
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(key).append(": ").append(value.strip().replace("\n", "\n  ")).append('\n');
  }
}
