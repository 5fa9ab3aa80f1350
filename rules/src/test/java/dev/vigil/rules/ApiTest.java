package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
  @Test
  void showNamesControlsParametersAndSource() throws Exception {
    RuleSet rules = RuleSet.builtIn();
    Profile p = Profile.load("nist-moderate", rules);
    String text =
        RuleText.show(
            rules.find("login-defs.pass-max-days").orElseThrow(), p, ControlCatalog.builtIn());
    assertTrue(text.contains("IA-5(1)  Password-based Authentication"), text);
    assertTrue(text.contains("max_password_age_days (int) = 60"), text);
    assertTrue(text.contains("source: builtin:login-defs.yaml:"), text);
    String list = RuleText.list(rules, p);
    assertEquals(rules.size(), list.lines().count());
  }

  @Test
  void rulesForAControlIncludeItsEnhancementsOnRequest() {
    RuleSet rules = RuleSet.builtIn();
    ControlId ac6 = ControlId.parse("AC-6");
    assertTrue(
        rules.rulesFor(ac6, false).stream()
            .noneMatch(r -> r.id().value().equals("sshd.permit-root-login")));
    assertTrue(
        rules.rulesFor(ac6, true).stream()
            .anyMatch(r -> r.id().value().equals("sshd.permit-root-login")));
    assertTrue(
        rules.rulesFor(ControlId.parse("AC-6(2)"), false).stream()
            .anyMatch(r -> r.id().value().equals("sshd.permit-root-login")));
  }

  @Test
  void coverageCountsBaselineControlsWithARule() throws Exception {
    RuleSet rules = RuleSet.builtIn();
    Coverage c =
        Coverage.of(
            rules, Profile.load("nist-moderate", rules), ControlCatalog.builtIn(), "moderate");
    assertEquals(287, c.total());
    assertTrue(c.covered().contains(ControlId.parse("AC-6(2)")));
    assertTrue(c.uncovered().contains(ControlId.parse("PE-3")));
    assertTrue(c.percent() > 5 && c.percent() < 50, "" + c.percent());
  }

  @Test
  void rulesTestRunsTheGoldenCasesOfAUserPack(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("pack.yaml"),
        "rules:\n  - id: my.root-login\n    title: t\n    severity: high\n    controls: [AC-6(2)]\n"
            + "    check: host.sshd.effective.permitrootlogin == 'no'\n");
    Path pass = Files.createDirectories(dir.resolve("cases/my.root-login/pass"));
    Files.writeString(
        pass.resolve("facts.json"),
        "{\"host.sshd\": {\"effective\": {\"permitrootlogin\": \"no\"}}}");
    Files.writeString(pass.resolve("expected.json"), "[{\"status\": \"pass\"}]");
    Path wrong = Files.createDirectories(dir.resolve("cases/my.root-login/wrong"));
    Files.writeString(
        wrong.resolve("facts.json"),
        "{\"host.sshd\": {\"$state\": \"absent\", \"$reason\": \"no sshd\"}}");
    Files.writeString(wrong.resolve("expected.json"), "[{\"status\": \"pass\"}]");
    List<GoldenCases.Result> results = GoldenCases.testPackDirectory(dir);
    assertEquals(2, results.size());
    assertTrue(results.get(0).passed(), results.get(0).toString());
    assertFalse(results.get(1).passed());
    assertTrue(
        results.get(1).toString().contains("got 'notapplicable (host.sshd: no sshd)'"),
        results.get(1).toString());
  }

  @Test
  void nestedLoopsOverLargeFactsHitTheCostLimitAsError(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("pack.yaml"),
        "rules:\n  - id: my.quadratic\n    title: t\n    severity: low\n    controls: [CM-6]\n"
            + "    check: accounts.users.users.all(a, accounts.users.users.all(b, a.uid != b.uid || a.name == b.name))\n");
    RuleSet rules = RuleSet.load(List.of(dir), false);
    List<Map<String, Object>> users = new java.util.ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      users.add(Map.of("name", "u" + i, "uid", i));
    }
    List<Finding> fs =
        new Evaluator(rules, Profile.all(rules), Waivers.none(), Snapshots.CLOCK)
            .evaluate(Snapshots.of(Snapshots.ok("accounts.users", Map.of("users", users))));
    assertEquals(Status.ERROR, fs.get(0).status());
    assertTrue(
        fs.get(0).message().orElseThrow().contains("budget"), fs.get(0).message().orElseThrow());
  }

  @Test
  void celHasNoAccessToTheJvm(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("pack.yaml"),
        "rules:\n  - id: my.escape\n    title: t\n    severity: low\n    controls: [CM-6]\n"
            + "    check: java.lang.Runtime.getRuntime() == null && host.sshd.x == 1\n");
    RuleLoadException e =
        assertThrows(RuleLoadException.class, () -> RuleSet.load(List.of(dir), false));
    assertTrue(e.getMessage().contains("undeclared reference"), e.getMessage());
  }

  /** docs/facts.md and the fact names rules may use must agree. */
  @Test
  void knownFactsMatchTheFactsContract() throws Exception {
    String root = System.getenv("VIGIL_REPO_ROOT");
    Path doc = Path.of(root == null ? ".." : root).resolve("docs/facts.md");
    String text = Files.readString(doc);
    Set<String> documented = new TreeSet<>();
    Matcher m =
        Pattern.compile("(?m)^#{2,3} ([a-z_]+\\.[a-z_]+(?:, [a-z_]+\\.[a-z_]+)*)").matcher(text);
    while (m.find()) {
      for (String name : m.group(1).split(", ")) {
        documented.add(name);
      }
    }
    assertEquals(
        documented,
        new TreeSet<>(dev.vigil.rules.internal.KnownFacts.names()),
        "docs/facts.md and rules/src/main/resources/dev/vigil/rules/facts.txt disagree");
  }
}
