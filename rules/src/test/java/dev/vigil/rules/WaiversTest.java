package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaiversTest {
  private static Finding find(List<Finding> fs, String rule, String resource) {
    return fs.stream()
        .filter(f -> f.rule().value().equals(rule) && f.resource().id().equals(resource))
        .findFirst()
        .orElseThrow();
  }

  private static List<Finding> eval(Target target) throws Exception {
    RuleSet rules = RuleSet.builtIn();
    Waivers w = Waivers.load(LintTest.resource("waivers/ok.yaml"), rules);
    Snapshot s =
        new Snapshot(
            target,
            Snapshots.T,
            Snapshots.T,
            new java.util.TreeMap<>(
                Map.of(
                    "host.sshd",
                        Snapshots.ok("host.sshd", Snapshots.sshd("permitrootlogin", "yes")),
                    "host.login_defs",
                        Snapshots.ok(
                            "host.login_defs", Map.of("settings", Map.of("PASS_MAX_DAYS", 99999L))),
                    "accounts.users",
                        Snapshots.ok(
                            "accounts.users",
                            Map.of(
                                "users",
                                List.of(
                                    Map.of(
                                        "name",
                                        "postgres",
                                        "uid",
                                        110L,
                                        "system",
                                        true,
                                        "login_shell",
                                        true,
                                        "shell",
                                        "/bin/bash"),
                                    Map.of(
                                        "name",
                                        "mysql",
                                        "uid",
                                        111L,
                                        "system",
                                        true,
                                        "login_shell",
                                        true,
                                        "shell",
                                        "/bin/bash")))))),
            List.of());
    return new Evaluator(rules, Profile.load("default", rules), w, Snapshots.CLOCK).evaluate(s);
  }

  @Test
  void waivedFailureStaysFailAndShowsTheWaiver() throws Exception {
    Finding f = find(eval(Target.local("web-1")), "sshd.permit-root-login", "host");
    assertEquals(Status.FAIL, f.status());
    assertTrue(f.waived());
    assertEquals("W-1", f.waiver().orElseThrow().id());
    assertFalse(f.isOpenFailure());
  }

  @Test
  void waiverScopedToOtherTargetDoesNotApply() throws Exception {
    Finding f = find(eval(Target.local("web-2")), "sshd.permit-root-login", "host");
    assertFalse(f.waived());
    assertTrue(f.waiver().isEmpty());
  }

  @Test
  void expiredWaiverStopsApplying() throws Exception {
    Target prod = Target.local("web-2").withLabels(Map.of("env", "prod"));
    Finding f = find(eval(prod), "login-defs.pass-max-days", "host");
    assertEquals(Status.FAIL, f.status());
    assertFalse(f.waived());
    assertTrue(f.waiver().orElseThrow().expired());
  }

  @Test
  void waiverScopedToGroupAndResourceCoversOnlyThatResource() throws Exception {
    Target db = Target.local("db-1").withLabels(Map.of("group", "db"));
    List<Finding> fs = eval(db);
    assertTrue(find(fs, "accounts.system-accounts-no-shell", "postgres").waived());
    assertFalse(find(fs, "accounts.system-accounts-no-shell", "mysql").waived());
  }

  @Test
  void malformedWaiversFileStopsTheRunWithPositions() throws Exception {
    var file = LintTest.resource("waivers/bad.yaml");
    RuleLoadException e = assertThrows(RuleLoadException.class, () -> Waivers.load(file));
    List<String> got =
        e.problems().stream()
            .map(p -> p.toString().substring(file.toString().length() + 1))
            .toList();
    assertEquals(
        List.of(
            "2:5: waiver is missing required field 'justification'",
            "8:14: expires must be a date YYYY-MM-DD: next year",
            "9:13: unknown scope field 'hosts'"),
        got);
  }

  @Test
  void waiverForUnknownRuleIsRejectedWhenRulesAreGiven() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("waivers", ".yaml");
    try {
      java.nio.file.Files.writeString(
          f,
          "waivers:\n  - rule: sshd.permit-root-logon\n    justification: x\n    owner: y\n"
              + "    expires: 2027-01-01\n");
      RuleLoadException e =
          assertThrows(RuleLoadException.class, () -> Waivers.load(f, RuleSet.builtIn()));
      assertTrue(e.getMessage().contains("did you mean 'sshd.permit-root-login'"), e.getMessage());
    } finally {
      java.nio.file.Files.delete(f);
    }
  }
}
