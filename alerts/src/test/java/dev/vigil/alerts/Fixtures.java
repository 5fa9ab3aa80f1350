package dev.vigil.alerts;

import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.WaiverRef;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;

/** Findings and runs for the tests: a root-login rule on the host and an account rule. */
public final class Fixtures {
  public static final RuleId ROOT_LOGIN = RuleId.of("sshd.permit-root-login");
  public static final RuleId EMPTY_PASSWORD = RuleId.of("accounts.no-empty-password");
  public static final ControlId AC_6_2 = ControlId.parse("AC-6(2)");
  public static final ControlId IA_5 = ControlId.parse("IA-5");

  private Fixtures() {}

  public static Finding rootLogin(String target, Status status) {
    return Finding.builder(ROOT_LOGIN, target, ResourceRef.host())
        .title("Disable SSH root login")
        .status(status)
        .severity(Severity.HIGH)
        .controls(List.of(AC_6_2))
        .observed(status == Status.PASS ? "no" : "yes")
        .expected("no")
        .remediation("Set PermitRootLogin no in /etc/ssh/sshd_config")
        .build();
  }

  public static Finding emptyPassword(String target, String account, Status status) {
    return Finding.builder(EMPTY_PASSWORD, target, new ResourceRef("account", account))
        .title("Accounts have a password")
        .status(status)
        .severity(Severity.CRITICAL)
        .controls(List.of(IA_5))
        .observed(status == Status.PASS ? "set" : "empty")
        .expected("set or locked")
        .build();
  }

  public static Finding waived(Finding f, boolean expired) {
    return f.withWaiver(
        new WaiverRef(
            "waiver-1", "alice", "legacy jump host", LocalDate.of(2026, 12, 31), expired));
  }

  /** Run number {@code n}: ids and times rise with n. */
  public static Assessment run(int n, List<Finding> findings) {
    Instant start = Instant.parse("2026-11-25T10:00:00Z").plusSeconds(3600L * n);
    List<Target> targets =
        findings.stream().map(Finding::target).distinct().map(Target::local).toList();
    return new Assessment(
        String.format("20261125T%02d0000Z-run%d", 10 + n, n),
        "0.1.0",
        start,
        start.plusSeconds(30),
        targets,
        "default",
        new TreeMap<>(),
        findings,
        List.of(),
        List.of());
  }
}
