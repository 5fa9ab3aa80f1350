package dev.vigil.index;

import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds assessments the way the pipeline does, for tests. */
final class Scans {
  private Scans() {}

  static final RuleId ROOT_LOGIN = RuleId.of("sshd.permit-root-login");
  static final RuleId PASS_MAX_DAYS = RuleId.of("login-defs.pass-max-days");

  static Finding rootLogin(String target, Status status, Instant at) {
    return Finding.builder(ROOT_LOGIN, target, ResourceRef.host())
        .title("SSH root login is disabled")
        .status(status)
        .severity(Severity.HIGH)
        .controls(List.of(ControlId.parse("AC-6(2)"), ControlId.parse("IA-2")))
        .observed(status == Status.PASS ? "no" : "yes")
        .expected("no or prohibit-password")
        .evidence(List.of(Provenance.file("/etc/ssh/sshd_config", "ab".repeat(32), 3210, at)))
        .remediation("Set PermitRootLogin no in /etc/ssh/sshd_config")
        .build();
  }

  static Finding passMaxDays(String target, Status status, Instant at) {
    return Finding.builder(PASS_MAX_DAYS, target, ResourceRef.host())
        .title("Passwords expire within 60 days")
        .status(status)
        .severity(Severity.MEDIUM)
        .controls(List.of(ControlId.parse("IA-5(1)")))
        .observed("99999")
        .expected("<= 60")
        .evidence(List.of(Provenance.file("/etc/login.defs", "cd".repeat(32), 1200, at)))
        .build();
  }

  static Assessment assessment(String runId, Instant at, List<Target> targets, List<Finding> f) {
    return new Assessment(
        runId,
        "0.1.0-test",
        at,
        at.plusSeconds(3),
        targets,
        "nist-moderate",
        new TreeMap<>(Map.of("max_password_age_days", "60")),
        f,
        List.of(),
        List.of());
  }

  static Snapshot snapshot(Target t, Instant at) {
    return Snapshot.of(
        t,
        at,
        at.plusSeconds(1),
        List.of(
            Fact.ok(
                "host.os",
                Map.of("name", "Debian GNU/Linux", "version_id", "12", "id", "debian"),
                List.of())));
  }

  /** {@code n} findings on accounts of one target, alternating pass and fail. */
  static List<Finding> many(String target, int n, Instant at) {
    List<Finding> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          Finding.builder(
                  RuleId.of("accounts.password-max-age"),
                  target,
                  new ResourceRef("account", "user" + i))
              .title("Password of account expires")
              .status(i % 2 == 0 ? Status.PASS : Status.FAIL)
              .severity(Severity.MEDIUM)
              .controls(List.of(ControlId.parse("IA-5(1)"), ControlId.parse("AC-2")))
              .observed("99999")
              .expected("<= 60")
              .evidence(List.of(Provenance.file("/etc/shadow", "ef".repeat(32), 5000 + i, at)))
              .build());
    }
    return out;
  }
}
