package dev.vigil.reports;

import dev.vigil.core.Assessment;
import dev.vigil.core.Change;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetError;
import dev.vigil.core.WaiverRef;
import dev.vigil.core.facts.CollectorError;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.facts.SourceKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/** Assessments for report tests: a small one with hostile values, and fleets of any size. */
public final class Fixtures {
  public static final String HOSTILE = "<script>alert('x')</script>\"&";
  static final Instant T0 = Instant.parse("2026-11-25T14:35:18Z");

  private Fixtures() {}

  /** Two hosts; every status; a waiver; a hostile GECOS value and certificate subject. */
  public static Assessment small(String runId) {
    Instant t = T0;
    Provenance sshd = Provenance.file("/etc/ssh/sshd_config", "ab".repeat(32), 3207, t);
    Provenance passwd = Provenance.file("/etc/passwd", "cd".repeat(32), 1876, t);
    Provenance cert = Provenance.file("/etc/ssl/certs/evil.pem", "ef".repeat(32), 1200, t);
    List<Finding> fs = new ArrayList<>();
    for (String host : List.of("web01", "db01")) {
      fs.add(
          Finding.builder(RuleId.of("sshd.permit-root-login"), host, ResourceRef.host())
              .title("Root SSH login is not permitted")
              .status(host.equals("web01") ? Status.FAIL : Status.PASS)
              .severity(Severity.HIGH)
              .controls(List.of(ControlId.parse("AC-6(2)"), ControlId.parse("CM-6")))
              .observed(host.equals("web01") ? "yes" : "no")
              .expected("no or prohibit-password")
              .evidence(List.of(sshd))
              .remediation("Set PermitRootLogin no in /etc/ssh/sshd_config and reload sshd.")
              .build());
      fs.add(
          Finding.builder(RuleId.of("sshd.max-auth-tries"), host, ResourceRef.host())
              .title("SSH allows at most 4 authentication attempts")
              .status(Status.PASS)
              .severity(Severity.MEDIUM)
              .controls(List.of(ControlId.parse("AC-7")))
              .observed("3")
              .expected("<= 4")
              .evidence(List.of(sshd))
              .build());
    }
    Finding gecos =
        Finding.builder(
                RuleId.of("accounts.no-uid0-besides-root"),
                "web01",
                new ResourceRef("account", "toor"))
            .title("Only root has UID 0")
            .status(Status.FAIL)
            .severity(Severity.CRITICAL)
            .controls(List.of(ControlId.parse("AC-6")))
            .observed("uid 0, gecos " + HOSTILE)
            .expected("no account but root with uid 0")
            .evidence(List.of(passwd))
            .remediation("Remove the account or give it a non-zero UID.")
            .build()
            .withChange(Change.NEW_FAILURE);
    fs.add(gecos);
    fs.add(
        Finding.builder(
                RuleId.of("certificates.not-expired"),
                "web01",
                new ResourceRef("certificate", "CN=" + HOSTILE))
            .title("Certificates are not expired")
            .status(Status.FAIL)
            .severity(Severity.MEDIUM)
            .controls(List.of(ControlId.parse("SC-17")))
            .observed("expired 2026-01-01, subject CN=" + HOSTILE)
            .expected("not after now")
            .evidence(List.of(cert))
            .remediation("Renew the certificate.")
            .build()
            .withWaiver(
                new WaiverRef(
                    "W-7",
                    "pki-team",
                    "Replaced in change CHG-1182",
                    LocalDate.of(2027, 1, 31),
                    false)));
    fs.add(
        Finding.builder(RuleId.of("accounts.shadow-readable"), "db01", ResourceRef.host())
            .title("Shadow file can be read")
            .status(Status.ERROR)
            .severity(Severity.HIGH)
            .controls(List.of(ControlId.parse("IA-5")))
            .message("/etc/shadow: permission denied")
            .evidence(List.of(Provenance.unread(SourceKind.FILE, "/etc/shadow", t)))
            .build());
    fs.add(
        Finding.builder(RuleId.of("host.tls-endpoint"), "db01", ResourceRef.host())
            .title("TLS endpoint uses modern protocols")
            .status(Status.NOTAPPLICABLE)
            .severity(Severity.LOW)
            .controls(List.of(ControlId.parse("SC-8")))
            .message("no TLS endpoint configured")
            .build());
    fs.add(
        Finding.builder(RuleId.of("login.pass-max-days"), "db01", ResourceRef.host())
            .title("Passwords expire")
            .status(Status.PASS)
            .severity(Severity.LOW)
            .controls(List.of(ControlId.parse("IA-5(1)")))
            .observed("60")
            .expected("<= 60")
            .build()
            .withChange(Change.RESOLVED));
    return new Assessment(
        runId,
        "0.1.0-test",
        t,
        t.plusMillis(1840),
        List.of(Target.local("web01"), Target.root("db01")),
        "nist-moderate",
        new TreeMap<>(Map.of("max_password_age_days", "60", "max_auth_tries", "4")),
        fs,
        List.of(),
        List.of(new TargetError("cache03", "connection refused")));
  }

  public static List<Snapshot> snapshots(Assessment a) {
    List<Snapshot> out = new ArrayList<>();
    for (Target t : a.targets()) {
      Provenance p = Provenance.file("/etc/ssh/sshd_config", "ab".repeat(32), 3207, T0);
      Snapshot s =
          Snapshot.of(
              t,
              T0,
              T0.plusMillis(420),
              List.of(
                  Fact.ok(
                      "host.sshd",
                      Map.of("effective", Map.of("permitrootlogin", "yes", "gecos", HOSTILE)),
                      List.of(p)),
                  Fact.error(
                      "accounts.shadow",
                      "/etc/shadow: permission denied",
                      List.of(Provenance.unread(SourceKind.FILE, "/etc/shadow", T0)))));
      out.add(s.withCollectorErrors(List.of(new CollectorError("certificates.files", HOSTILE))));
    }
    return out;
  }

  /** {@code targets} hosts with {@code perTarget} findings each; about 20 % fail. Deterministic. */
  public static Assessment fleet(String runId, int targets, int perTarget, long seed) {
    Random rnd = new Random(seed);
    String[] families = {"AC", "AU", "CM", "IA", "SC", "SI"};
    Severity[] sev = Severity.values();
    List<Target> ts = new ArrayList<>();
    List<Finding> fs = new ArrayList<>(targets * perTarget);
    Instant t = T0;
    for (int h = 0; h < targets; h++) {
      String host = String.format("host%03d.prod.example.com", h);
      ts.add(
          new Target(host, dev.vigil.core.TargetKind.SSH, "ssh://vigil@" + host + ":22", Map.of()));
      for (int r = 0; r < perTarget; r++) {
        String fam = families[r % families.length];
        ControlId control = ControlId.parse(fam + "-" + (1 + r % 9));
        int roll = rnd.nextInt(100);
        Status st =
            roll < 72
                ? Status.PASS
                : roll < 92
                    ? Status.FAIL
                    : roll < 95 ? Status.ERROR : roll < 98 ? Status.NOTAPPLICABLE : Status.UNKNOWN;
        RuleId rule = RuleId.of(fam.toLowerCase() + ".rule-" + r);
        Finding f =
            Finding.builder(
                    rule,
                    host,
                    r % 5 == 0 ? new ResourceRef("account", "user" + r) : ResourceRef.host())
                .title("Rule " + r + " of the " + fam + " family holds")
                .status(st)
                .severity(sev[r % sev.length])
                .controls(List.of(control, ControlId.parse("CM-6")))
                .observed(st == Status.PASS ? "compliant-" + r : "value-" + rnd.nextInt(1000))
                .expected("compliant-" + r)
                .message(st == Status.ERROR ? "/etc/file" + r + ": permission denied" : null)
                .evidence(
                    List.of(
                        Provenance.file(
                            "/etc/config/" + fam.toLowerCase() + "/" + (r % 12) + ".conf",
                            String.format("%064x", (long) (h * 1000 + r % 12)),
                            2048,
                            t)))
                .remediation(
                    "Set the value of rule "
                        + r
                        + " to compliant-"
                        + r
                        + " and restart the service.")
                .build();
        if (st == Status.FAIL && r % 17 == 0) {
          f =
              f.withWaiver(
                  new WaiverRef(
                      "W-" + r,
                      "ops",
                      "Accepted until migration",
                      LocalDate.of(2027, 6, 30),
                      false));
        }
        if (st == Status.FAIL && r % 7 == 0) {
          f = f.withChange(Change.NEW_FAILURE);
        } else if (st == Status.FAIL) {
          f = f.withChange(Change.STILL_FAILING);
        }
        fs.add(f);
      }
    }
    return new Assessment(
        runId,
        "0.1.0-test",
        t,
        t.plus(Duration.ofSeconds(42)),
        ts,
        "nist-moderate",
        new TreeMap<>(Map.of("max_password_age_days", "60")),
        fs,
        List.of(),
        List.of());
  }

  static Optional<String> none() {
    return Optional.empty();
  }
}
