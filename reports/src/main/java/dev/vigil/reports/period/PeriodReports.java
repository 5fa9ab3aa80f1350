package dev.vigil.reports.period;

import static java.util.Objects.requireNonNull;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.reports.Format;
import dev.vigil.reports.ManifestSigner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one call behind {@code vigil report}: build the period report from a history and write its
 * signed folder.
 *
 * <pre>{@code
 * PeriodQuery q = PeriodQuery.parse("30d", Optional.ofNullable(until), Clock.systemUTC());
 * if (group != null) q = q.withTargets(TargetFilter.group(group));
 * if (profile != null) q = q.withProfile(profile);
 * Written w = PeriodReports.fromArchive(Path.of("vigil-out"), q, out, Format.parseList("all"),
 *     Optional.of(ManifestSigner.inDefaultHome()), version, Clock.systemUTC());
 * }</pre>
 */
public final class PeriodReports {
  private PeriodReports() {}

  /** What was written: the report and its files (sorted), for the CLI to print. */
  public record Written(PeriodReport report, Path dir, List<Path> files) {
    public Written {
      requireNonNull(report, "report");
      requireNonNull(dir, "dir");
      files = List.copyOf(files);
    }

    /** One line for a terminal or a webhook: the period, scope and the headline figures. */
    public String headline() {
      PeriodReport.Summary s = report.summary();
      return String.format(
          java.util.Locale.ROOT,
          "%s (%s): score %s, %d/%d controls satisfied, %d failures open (%d opened, %d resolved),"
              + " %d targets not scanned, %d gaps, %d waivers expiring",
          report.reportId(),
          report.scope(),
          s.scoreAtEnd().map(v -> v + "%").orElse("n/a"),
          s.controlsAtEnd().satisfied(),
          s.controlsAssessed(),
          s.failuresStillOpen(),
          s.failuresOpened(),
          s.failuresResolved(),
          s.targetsNotScanned(),
          s.gaps(),
          s.waiversExpiring());
    }
  }

  /**
   * @param formats {@code all} from {@link Format#parseList} is accepted: JUnit is dropped, as a
   *     period has no test cases
   */
  public static Written fromArchive(
      Path archive,
      PeriodQuery query,
      Path out,
      Set<Format> formats,
      Optional<ManifestSigner> signer,
      String toolVersion,
      Clock clock)
      throws IOException {
    return from(new ArchiveHistory(archive), query, out, formats, signer, toolVersion, clock);
  }

  /** The same from any history (the Elasticsearch one, when it exists). */
  public static Written from(
      RunHistory history,
      PeriodQuery query,
      Path out,
      Set<Format> formats,
      Optional<ManifestSigner> signer,
      String toolVersion,
      Clock clock)
      throws IOException {
    PeriodReport r =
        PeriodReport.build(history, query, ControlCatalog.builtIn(), toolVersion, clock);
    Set<Format> chosen = java.util.EnumSet.noneOf(Format.class);
    for (Format f : formats) {
      if (f != Format.JUNIT) {
        chosen.add(f);
      }
    }
    List<Path> files = PeriodReportWriter.write(r, out, chosen, signer);
    return new Written(r, out.toAbsolutePath(), files);
  }
}
