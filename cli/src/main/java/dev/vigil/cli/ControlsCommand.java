package dev.vigil.cli;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.controls.ControlInfo;
import dev.vigil.core.ControlId;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleSet;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "controls",
    mixinStandardHelpOptions = true,
    description = "Browse the NIST SP 800-53 Rev 5 controls and which rules assess them.",
    subcommands = {ControlsCommand.ListControls.class, ControlsCommand.Show.class})
final class ControlsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List controls, with how many built-in rules assess each.")
  static final class ListControls implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--baseline",
        paramLabel = "low|moderate|high",
        description = "Only this baseline.")
    String baseline;

    @Option(names = "--family", paramLabel = "AC", description = "Only this family.")
    String family;

    @Option(names = "--assessed", description = "Only controls that at least one rule assesses.")
    boolean assessedOnly;

    @Override
    public Integer call() {
      ControlCatalog catalog = ControlCatalog.builtIn();
      String b = baseline == null ? null : baseline.toLowerCase(Locale.ROOT);
      if (b != null && !ControlCatalog.BASELINES.contains(b)) {
        throw new UsageException("--baseline must be low, moderate or high: " + baseline);
      }
      String fam = family == null ? null : family.toUpperCase(Locale.ROOT);
      if (fam != null && !catalog.families().containsKey(fam)) {
        throw new UsageException(
            "--family must be one of "
                + String.join(", ", catalog.families().keySet())
                + ": "
                + family);
      }
      List<Rule> rules = RuleSet.builtIn().rules();
      PrintWriter out = spec.commandLine().getOut();
      List<ControlInfo> controls = catalog.list(Optional.ofNullable(b), Optional.ofNullable(fam));
      int covered = 0;
      int shown = 0;
      for (ControlInfo c : controls) {
        long n = rules.stream().filter(r -> r.controls().contains(c.id())).count();
        if (n > 0) {
          covered++;
        }
        if (assessedOnly && n == 0) {
          continue;
        }
        shown++;
        out.printf(
            Locale.ROOT,
            "%-10s %-60s %-22s %s%n",
            c.id(),
            abbreviate(c.title(), 60),
            String.join(",", new java.util.TreeSet<>(c.baselines())),
            n == 0 ? "-" : n + " rule" + (n == 1 ? "" : "s"));
      }
      out.printf(
          Locale.ROOT,
          "%d controls shown; %d of %d%s have at least one automated rule (%.0f%% coverage)%n",
          shown,
          covered,
          controls.size(),
          b == null ? "" : " in the " + b + " baseline",
          controls.isEmpty() ? 0.0 : 100.0 * covered / controls.size());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one control and its rules.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Control id, e.g. AC-6 or AC-6(2).")
    String id;

    @Override
    public Integer call() {
      ControlId cid;
      try {
        cid = ControlId.parse(id);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      ControlCatalog catalog = ControlCatalog.builtIn();
      ControlInfo c =
          catalog
              .find(cid)
              .orElseThrow(() -> new UsageException("no control " + cid + " in the catalog"));
      PrintWriter out = spec.commandLine().getOut();
      out.println(c.id() + " — " + c.title());
      out.println("  family:    " + c.family() + " " + c.familyTitle());
      Set<String> baselines = new java.util.TreeSet<>(c.baselines());
      out.println("  baselines: " + (baselines.isEmpty() ? "none" : String.join(", ", baselines)));
      catalog
          .statement(cid)
          .ifPresent(
              s -> {
                out.println();
                out.println(s.strip());
              });
      out.println();
      List<Rule> rules =
          RuleSet.builtIn().rules().stream()
              .filter(
                  r -> r.controls().stream().anyMatch(x -> x.equals(cid) || x.base().equals(cid)))
              .toList();
      if (rules.isEmpty()) {
        out.println("No built-in rule assesses " + cid + ": it is not-assessed in every report.");
      } else {
        out.println("Rules (" + rules.size() + "):");
        for (Rule r : rules) {
          out.printf(Locale.ROOT, "  %-40s %-8s %s%n", r.id(), r.severity().wire(), r.title());
        }
      }
      return ExitCodes.OK;
    }
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
