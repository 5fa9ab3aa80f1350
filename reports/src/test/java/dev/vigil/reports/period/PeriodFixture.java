package dev.vigil.reports.period;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.controls.Rollup;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetKind;
import dev.vigil.core.WaiverRef;
import dev.vigil.reports.EvidenceArchive;
import dev.vigil.reports.Format;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fleet history with known facts, written through {@link EvidenceArchive#write}: 20 targets
 * scanned daily at 02:00 UTC from 1 September to 31 October 2026 (61 runs).
 *
 * <ul>
 *   <li>host03 fails sshd.permit-root-login from 5 October, resolved 12 October;
 *   <li>host07 fails audit.enabled from 20 October, still open (title is hostile text);
 *   <li>host09 fails accounts.no-uid0 in every run (open since before the history read);
 *   <li>host11 fails sshd.max-auth-tries from 20 September, resolved 3 October;
 *   <li>host05 is not scanned from 10 to 16 October (one week);
 *   <li>host20 is not scanned after 30 September;
 *   <li>host13 fails accounts.no-uid0 waived by W-42, expiring 15 November 2026 (hostile owner);
 *       host14 the same, waived by W-99 expiring 1 June 2027.
 * </ul>
 */
final class PeriodFixture {
  static final String HOSTILE = "<script>alert('x')</script>\"&";
  static final LocalDate FIRST = LocalDate.of(2026, 9, 1);
  static final LocalDate LAST = LocalDate.of(2026, 10, 31);
  static final int TARGETS = 20;
  static final RuleId ROOT_LOGIN = RuleId.of("sshd.permit-root-login");
  static final RuleId AUTH_TRIES = RuleId.of("sshd.max-auth-tries");
  static final RuleId UID0 = RuleId.of("accounts.no-uid0");
  static final RuleId AUDIT = RuleId.of("audit.enabled");
  static final WaiverRef W42 =
      new WaiverRef(
          "W-42",
          "ops " + HOSTILE,
          "legacy batch account " + HOSTILE,
          LocalDate.of(2026, 11, 15),
          false);
  static final WaiverRef W99 =
      new WaiverRef("W-99", "secops", "vendor appliance", LocalDate.of(2027, 6, 1), false);

  private PeriodFixture() {}

  static Instant at(LocalDate day) {
    return day.atTime(2, 0).toInstant(ZoneOffset.UTC);
  }

  static String host(int i) {
    return String.format("host%02d", i);
  }

  /** Writes the whole history into {@code root}, signing with a key under {@code home}. */
  static void write(Path root, Path home) throws IOException {
    EvidenceArchive archive = new EvidenceArchive(root, home);
    DateTimeFormatter id =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    int n = 0;
    for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
      Instant t = at(day);
      List<Target> targets = new ArrayList<>();
      List<Finding> findings = new ArrayList<>();
      for (int i = 1; i <= TARGETS; i++) {
        String h = host(i);
        if (h.equals("host05")
            && !day.isBefore(LocalDate.of(2026, 10, 10))
            && !day.isAfter(LocalDate.of(2026, 10, 16))) {
          continue;
        }
        if (h.equals("host20") && day.isAfter(LocalDate.of(2026, 9, 30))) {
          continue;
        }
        targets.add(
            new Target(
                h,
                TargetKind.SSH,
                "ssh://" + h + ":22",
                Map.of("group", i <= 15 ? "prod" : "dev")));
        findings.add(
            finding(
                h,
                ROOT_LOGIN,
                "Root SSH login is not permitted",
                List.of("AC-6(2)", "CM-6"),
                h.equals("host03") && between(day, 10, 5, 10, 11)));
        findings.add(
            finding(
                h,
                AUTH_TRIES,
                "SSH allows at most 4 authentication attempts",
                List.of("AC-7"),
                h.equals("host11")
                    && (day.isAfter(LocalDate.of(2026, 9, 19))
                        && day.isBefore(LocalDate.of(2026, 10, 3)))));
        Finding uid0 =
            finding(
                h,
                UID0,
                "Only root has UID 0",
                List.of("AC-6"),
                h.equals("host09") || h.equals("host13") || h.equals("host14"));
        if (h.equals("host13")) {
          uid0 = uid0.withWaiver(W42);
        } else if (h.equals("host14")) {
          uid0 = uid0.withWaiver(W99);
        }
        findings.add(uid0);
        findings.add(
            finding(
                h,
                AUDIT,
                h.equals("host07") ? "Auditing is enabled " + HOSTILE : "Auditing is enabled",
                List.of("AU-2"),
                h.equals("host07") && !day.isBefore(LocalDate.of(2026, 10, 20))));
      }
      Assessment a =
          new Assessment(
              id.format(t) + "-" + String.format("%04x", n++),
              "test",
              t,
              t.plusSeconds(90),
              targets,
              "nist-moderate",
              new TreeMap<>(),
              findings,
              Rollup.compute(findings, ControlCatalog.builtIn()),
              List.of());
      archive.write(a, List.of(), EnumSet.of(Format.JSON));
    }
  }

  private static boolean between(LocalDate d, int m1, int d1, int m2, int d2) {
    return !d.isBefore(LocalDate.of(2026, m1, d1)) && !d.isAfter(LocalDate.of(2026, m2, d2));
  }

  private static Finding finding(
      String host, RuleId rule, String title, List<String> controls, boolean fail) {
    return Finding.builder(rule, host, ResourceRef.host())
        .title(title)
        .status(fail ? Status.FAIL : Status.PASS)
        .severity(Severity.HIGH)
        .controls(controls.stream().map(ControlId::parse).toList())
        .build();
  }
}
