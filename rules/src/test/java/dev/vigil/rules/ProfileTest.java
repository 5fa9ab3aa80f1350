package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.Finding;
import dev.vigil.core.RuleId;
import dev.vigil.core.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileTest {
  @Test
  void builtInProfilesExistAndSetParameters() throws Exception {
    RuleSet rules = RuleSet.builtIn();
    for (String name : Profile.BUILT_IN) {
      Profile p = Profile.load(name, rules);
      assertEquals(name, p.name());
      assertFalse(p.enabledRules().isEmpty(), name);
    }
    assertEquals(
        "365", Profile.load("nist-low", rules).parameterValues().get("max_password_age_days"));
    assertEquals(
        "60", Profile.load("nist-moderate", rules).parameterValues().get("max_password_age_days"));
    assertEquals("4", Profile.load("default", rules).parameterValues().get("sshd_max_auth_tries"));
  }

  @Test
  void baselineProfileLeavesOutRulesWithoutABaselineControl() throws Exception {
    RuleSet rules = RuleSet.load(List.of(LintTest.resource("packs/moderate-only.yaml")), true);
    RuleId strict = RuleId.of("custom.root-login-strict");
    assertFalse(Profile.load("nist-low", rules).enabled(strict), "AC-6(2) is not in LOW");
    assertTrue(Profile.load("nist-moderate", rules).enabled(strict));
    assertTrue(Profile.load("nist-high", rules).enabled(strict));
  }

  @Test
  void userProfileExtendsDisablesAndOverridesParameters() throws Exception {
    RuleSet rules = RuleSet.builtIn();
    Profile p = Profile.load(LintTest.resource("profiles/web.yaml").toString(), rules);
    assertEquals("web-servers", p.name());
    assertFalse(p.enabled(RuleId.of("sshd.x11-forwarding")));
    assertTrue(p.enabled(RuleId.of("sshd.permit-root-login")));
    assertEquals("90", p.parameterValues().get("max_password_age_days"));
    assertEquals("600", p.parameterValues().get("sshd_idle_timeout_seconds"), "inherited");
    List<Finding> fs =
        new Evaluator(rules, p, Waivers.none(), Snapshots.CLOCK)
            .evaluate(Snapshots.of(Snapshots.ok("host.sshd", Snapshots.sshd("maxauthtries", "4"))));
    Finding tries =
        fs.stream()
            .filter(f -> f.rule().value().equals("sshd.max-auth-tries"))
            .findFirst()
            .orElseThrow();
    assertEquals(Status.FAIL, tries.status());
    assertEquals("at most 3", tries.expected().orElseThrow());
    assertTrue(fs.stream().noneMatch(f -> f.rule().value().equals("sshd.banner")));
  }

  @Test
  void badProfileReportsEveryProblemWithPositions() throws Exception {
    String file = LintTest.resource("profiles/bad.yaml").toString();
    RuleLoadException e =
        assertThrows(RuleLoadException.class, () -> Profile.load(file, RuleSet.builtIn()));
    List<String> got =
        e.problems().stream().map(p -> p.toString().substring(file.length() + 1)).toList();
    assertEquals(
        List.of(
            "3:11: unknown rule 'sshd.x11-forwardin' (did you mean 'sshd.x11-forwarding'?)",
            "5:26: parameter 'max_password_age_days' must be int, not text",
            "6:3: unknown parameter 'max_pasword_age_days' (did you mean 'max_password_age_days'?)",
            "7:1: unknown profile field 'colour'"),
        got);
  }

  @Test
  void unknownProfileNameSuggestsABuiltIn() {
    RuleLoadException e =
        assertThrows(
            RuleLoadException.class, () -> Profile.load("nist-moderat", RuleSet.builtIn()));
    assertTrue(e.getMessage().contains("did you mean 'nist-moderate'"), e.getMessage());
  }
}
