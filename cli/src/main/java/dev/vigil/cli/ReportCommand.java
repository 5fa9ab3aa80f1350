package dev.vigil.cli;

import dev.vigil.reports.Format;
import dev.vigil.reports.ManifestSigner;
import dev.vigil.reports.period.PeriodQuery;
import dev.vigil.reports.period.PeriodReports;
import dev.vigil.reports.period.TargetFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A periodic compliance report for the fleet, built from the evidence archive.",
      "Control status at the start and end of the period, targets not scanned and gaps in evidence,",
      "failures opened, resolved and still open with their age, waivers used and expiring, and the",
      "weekly compliance score. Signed like a run, so `vigil verify` checks it."
    })
final class ReportCommand implements Callable<Integer> {
  /** Whole seconds: the period's bounds are shown to people and named in the folder. */
  private static final Clock CLOCK = Clock.tick(Clock.systemUTC(), java.time.Duration.ofSeconds(1));

  @Spec CommandSpec spec;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      defaultValue = "30d",
      description =
          "Start of the period: 30d, 12h, 4w, a date (2026-10-01) or an instant (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "WHEN",
      description = "End of the period: a date (its end, UTC) or an instant (default: now).")
  String until;

  @Option(names = "--group", paramLabel = "NAME", description = "Only the targets of this group.")
  String group;

  @Option(names = "--profile", paramLabel = "NAME", description = "Only runs of this profile.")
  String profile;

  @Option(
      names = "--expected-interval",
      paramLabel = "LENGTH",
      description = "How often each target should be scanned (36h); longer gaps are reported.")
  String expectedInterval;

  @Option(
      names = "--archive",
      paramLabel = "DIR",
      defaultValue = "vigil-out",
      description = "The evidence archive to read (default: ${DEFAULT-VALUE}).")
  Path archive;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      required = true,
      description = "Folder to write the report to (must not exist or be empty).")
  Path out;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "LIST",
      defaultValue = "all",
      description = "html,json,csv,oscal or all (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    if (!Files.isDirectory(archive)) {
      throw new UsageException(
          "no evidence archive at " + archive + " (run vigil scan first, or --archive DIR)");
    }
    PeriodQuery query;
    Set<Format> formats;
    try {
      query = PeriodQuery.parse(since, Optional.ofNullable(until), CLOCK);
      if (group != null) {
        query = query.withTargets(TargetFilter.group(group));
      }
      if (profile != null) {
        query = query.withProfile(profile);
      }
      if (expectedInterval != null) {
        query = query.withExpectedInterval(PeriodQuery.parseLength(expectedInterval));
      }
      formats = Format.parseList(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    PeriodReports.Written written;
    try {
      written =
          PeriodReports.fromArchive(
              archive,
              query,
              out,
              formats,
              Optional.of(ManifestSigner.inDefaultHome()),
              ToolVersion.get(),
              CLOCK);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (IOException e) {
      spec.commandLine().getErr().println("vigil: " + e.getMessage());
      return ExitCodes.SCAN_ERROR;
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println(written.headline());
    for (Path f : written.files()) {
      o.println("  " + f);
    }
    return ExitCodes.OK;
  }
}
