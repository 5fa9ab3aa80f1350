package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Assessment;
import dev.vigil.core.ControlResult;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.time.Instant;

/**
 * The few numbers of one run that the trend chart and the archive index need, stored beside each
 * run as {@code summary.json} so history never re-reads whole findings files.
 *
 * @param passRate passing findings over pass, open (unwaived) failures and errors, in percent, one
 *     decimal; 100 when nothing was conclusive
 */
public record RunSummary(
    String runId,
    String toolVersion,
    Instant startedAt,
    Instant finishedAt,
    String profile,
    int targets,
    int findings,
    int pass,
    int fail,
    int openFailures,
    int waived,
    int error,
    int controlsSatisfied,
    int controlsOtherThanSatisfied,
    int controlsNotAssessed,
    double passRate) {

  public RunSummary {
    requireNonNull(runId, "runId");
    requireNonNull(toolVersion, "toolVersion");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(profile, "profile");
  }

  public static RunSummary of(Assessment a) {
    int pass = 0;
    int fail = 0;
    int open = 0;
    int waived = 0;
    int error = 0;
    for (Finding f : a.findings()) {
      if (f.status() == Status.PASS) {
        pass++;
      } else if (f.status() == Status.FAIL) {
        fail++;
        if (f.waived()) {
          waived++;
        } else {
          open++;
        }
      } else if (f.status() == Status.ERROR) {
        error++;
      }
    }
    int sat = 0;
    int other = 0;
    int notAssessed = 0;
    for (ControlResult c : a.controls()) {
      if (c.status() == ControlStatus.SATISFIED) {
        sat++;
      } else if (c.status() == ControlStatus.OTHER_THAN_SATISFIED) {
        other++;
      } else {
        notAssessed++;
      }
    }
    int conclusive = pass + open + error;
    double rate = conclusive == 0 ? 100.0 : Math.round(1000.0 * pass / conclusive) / 10.0;
    return new RunSummary(
        a.runId(),
        a.toolVersion(),
        a.startedAt(),
        a.finishedAt(),
        a.profile(),
        a.targets().size(),
        a.findings().size(),
        pass,
        fail,
        open,
        waived,
        error,
        sat,
        other,
        notAssessed,
        rate);
  }
}
