package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static Finding find(List<Finding> findings, String rule) {
    return findings.stream()
        .filter(f -> f.rule().value().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding for " + rule + ": " + findings));
  }

  private static List<Finding> eval(Snapshot s) throws RuleLoadException {
    RuleSet rules = RuleSet.builtIn();
    return new Evaluator(rules, Profile.load("default", rules), Waivers.none(), Snapshots.CLOCK)
        .evaluate(s);
  }

  @Test
  void permitRootLoginYesFailsWithObservedAndExpected() throws Exception {
    Finding f =
        find(
            eval(Snapshots.of(Snapshots.ok("host.sshd", Snapshots.sshd("permitrootlogin", "yes")))),
            "sshd.permit-root-login");
    assertEquals(Status.FAIL, f.status());
    assertEquals("yes", f.observed().orElseThrow());
    assertEquals("no or prohibit-password", f.expected().orElseThrow());
    assertTrue(f.controls().contains(ControlId.parse("AC-6(2)")));
    assertTrue(f.controls().contains(ControlId.parse("CM-6")));
    assertEquals(1, f.evidence().size());
  }

  @Test
  void permitRootLoginNoPasses() throws Exception {
    Finding f =
        find(
            eval(Snapshots.of(Snapshots.ok("host.sshd", Snapshots.sshd()))),
            "sshd.permit-root-login");
    assertEquals(Status.PASS, f.status());
  }

  @Test
  void absentSshdIsNotApplicable() throws Exception {
    Finding f =
        find(
            eval(Snapshots.of(Fact.absent("host.sshd", "no sshd_config and no sshd", List.of()))),
            "sshd.permit-root-login");
    assertEquals(Status.NOTAPPLICABLE, f.status());
    assertEquals("host.sshd: no sshd_config and no sshd", f.message().orElseThrow());
  }

  @Test
  void unreadableSshdIsErrorWithTheReason() throws Exception {
    Finding f =
        find(
            eval(
                Snapshots.of(
                    Fact.error("host.sshd", "/etc/ssh/sshd_config: permission denied", List.of()))),
            "sshd.permit-root-login");
    assertEquals(Status.ERROR, f.status());
    assertTrue(f.message().orElseThrow().contains("permission denied"));
  }

  @Test
  void factNotCollectedIsNotChecked() throws Exception {
    Finding f = find(eval(Snapshots.of()), "sshd.permit-root-login");
    assertEquals(Status.NOTCHECKED, f.status());
  }

  @Test
  void tlsRulesOnAHostAndHostRulesOnATlsEndpointAreNotApplicable() throws Exception {
    Finding tls = find(eval(Snapshots.of()), "tls.no-legacy-protocols");
    assertEquals(Status.NOTAPPLICABLE, tls.status());
    RuleSet rules = RuleSet.builtIn();
    List<Finding> onEndpoint =
        new Evaluator(rules, Profile.load("default", rules), Waivers.none(), Snapshots.CLOCK)
            .evaluate(
                dev.vigil.core.facts.Snapshot.of(
                    dev.vigil.core.Target.parse("tls://www.example.org:443"),
                    Snapshots.T,
                    Snapshots.T,
                    List.of()));
    assertEquals(Status.NOTAPPLICABLE, find(onEndpoint, "sshd.permit-root-login").status());
    assertEquals(Status.NOTCHECKED, find(onEndpoint, "tls.no-legacy-protocols").status());
  }

  @Test
  void malformedValueIsErrorNotPass() throws Exception {
    Finding f =
        find(
            eval(Snapshots.of(Snapshots.ok("host.sshd", Snapshots.sshd("maxauthtries", "lots")))),
            "sshd.max-auth-tries");
    assertEquals(Status.ERROR, f.status());
  }

  @Test
  void loginDefsRulesUseParameters() throws Exception {
    List<Finding> fs =
        eval(
            Snapshots.of(
                Snapshots.ok(
                    "host.login_defs",
                    Map.of(
                        "settings",
                        Map.of(
                            "PASS_MAX_DAYS",
                            99999L,
                            "PASS_MIN_DAYS",
                            0L,
                            "PASS_WARN_AGE",
                            7L,
                            "UMASK",
                            "022",
                            "ENCRYPT_METHOD",
                            "SHA512")))));
    assertEquals(Status.FAIL, find(fs, "login-defs.pass-max-days").status());
    assertEquals("99999", find(fs, "login-defs.pass-max-days").observed().orElseThrow());
    assertEquals("at most 60 days", find(fs, "login-defs.pass-max-days").expected().orElseThrow());
    assertEquals(Status.FAIL, find(fs, "login-defs.pass-min-days").status());
    assertEquals(Status.PASS, find(fs, "login-defs.pass-warn-age").status());
    assertEquals(Status.FAIL, find(fs, "login-defs.umask").status());
    assertEquals(Status.PASS, find(fs, "login-defs.encrypt-method").status());
  }
}
