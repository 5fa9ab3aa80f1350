package dev.vigil.cli;

import static dev.vigil.cli.ScanCommandTest.vigil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.cli.ScanCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rules, controls and verify: what an auditor or rule author runs besides scan. */
class BrowseCommandsTest {
  @TempDir Path tmp;

  @Test
  void rulesListShowsIdsSeveritiesAndControls() {
    Run run = vigil("rules", "list", "--profile", "nist-moderate");
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertTrue(run.out().contains("sshd.permit-root-login"), run.out());
    assertTrue(run.out().contains("AC-6(2)"), run.out());
    assertTrue(run.out().contains("rules in profile nist-moderate"), run.out());
  }

  @Test
  void rulesShowPrintsCheckParamsAndRemediation() {
    Run run = vigil("rules", "show", "sshd.permit-root-login");
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertTrue(run.out().contains("check:"), run.out());
    assertTrue(run.out().contains("Remediation:"), run.out());
    assertEquals(ExitCodes.USAGE, vigil("rules", "show", "no.such-rule").exit());
  }

  @Test
  void rulesLintReportsEveryProblemWithItsPosition() throws IOException {
    Path pack =
        Files.writeString(
            tmp.resolve("bad.yaml"),
            "rules:\n"
                + "  - id: my.first\n"
                + "    title: t\n"
                + "    severity: huge\n"
                + "    controls: [XX-99]\n"
                + "    facts: [host.sshd]\n"
                + "    check: host.sshd.effective.permitrootlogin ==\n"
                + "    remediation: r\n");
    Run run = vigil("rules", "lint", pack.toString());
    assertEquals(ExitCodes.USAGE, run.exit(), run.out());
    long errors = run.out().lines().filter(l -> l.startsWith("ERROR " + pack)).count();
    assertTrue(errors >= 3, run.out());
    assertTrue(run.out().contains(pack + ":4:"), run.out());
  }

  @Test
  void controlsShowListsTheRulesBehindAControl() {
    Run run = vigil("controls", "show", "ac-06");
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertTrue(run.out().startsWith("AC-6 — Least Privilege"), run.out());
    assertTrue(run.out().contains("accounts.uid0-only-root"), run.out());
    assertEquals(ExitCodes.USAGE, vigil("controls", "show", "junk").exit());
  }

  @Test
  void controlsListReportsBaselineCoverage() {
    Run run = vigil("controls", "list", "--baseline", "moderate", "--family", "AC");
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertTrue(
        run.out().contains("in the moderate baseline have at least one automated rule"), run.out());
    assertEquals(ExitCodes.USAGE, vigil("controls", "list", "--baseline", "extreme").exit());
  }

  @Test
  void verifyPassesOnAFreshRunAndNamesAChangedFile() throws IOException {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(root.resolve("etc/ssh/sshd_config"), "PermitRootLogin yes\n");
    Path out = tmp.resolve("out");
    vigil("scan", "--root", root.toString(), "--out", out.toString(), "-q");
    Path runDir = ScanCommandTest.latestRun(out);
    Run ok = vigil("verify", runDir.toString());
    assertEquals(ExitCodes.OK, ok.exit(), ok.out() + ok.err());
    assertTrue(ok.out().startsWith("OK "), ok.out());

    Path findings = runDir.resolve("findings.json");
    byte[] bytes = Files.readAllBytes(findings);
    bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'a' ? 'b' : 'a');
    Files.write(findings, bytes);
    Run bad = vigil("verify", runDir.toString());
    assertEquals(ExitCodes.FAILED, bad.exit(), bad.out());
    assertTrue(bad.out().contains("CHANGED findings.json"), bad.out());
  }

  @Test
  void configCheckAcceptsTheShippedExampleAndReportsEveryProblem() throws IOException {
    Path example =
        Path.of(System.getenv().getOrDefault("VIGIL_REPO_ROOT", ".."))
            .resolve("examples/vigil.yaml");
    Run ok = vigil("config", "check", example.toString());
    assertEquals(ExitCodes.OK, ok.exit(), ok.out() + ok.err());

    Path bad =
        Files.writeString(
            tmp.resolve("bad.yaml"),
            "targets:\n  - name: a\n    adress: local\ngroups:\n  g:\n    schedule: \"bad cron\"\n");
    Run run = vigil("config", "check", bad.toString());
    assertEquals(ExitCodes.USAGE, run.exit(), run.out());
    assertTrue(run.out().contains(bad + ":3:5: unknown key 'adress'"), run.out());
    assertTrue(run.out().contains(bad + ":6:15: invalid cron expression"), run.out());
  }

  @Test
  void serveOnceScansEveryTargetAndWritesTheArchive() throws IOException {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(root.resolve("etc/ssh/sshd_config"), "PermitRootLogin yes\n");
    Path out = tmp.resolve("archive");
    Path config =
        Files.writeString(
            tmp.resolve("vigil.yaml"),
            "targets:\n  - name: img\n    address: root:"
                + root
                + "\n    groups: [g]\ngroups:\n  g:\n    schedule: \"0 0 3 * * ?\"\noutputs:\n  archive: "
                + out
                + "\n");
    Run run = vigil("serve", "--config", config.toString(), "--once");
    assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("1 scan(s), 0 failed"), run.out());
    assertTrue(Files.isRegularFile(ScanCommandTest.latestRun(out).resolve("findings.json")));
  }

  @Test
  void periodReportIsBuiltFromTheArchiveAndVerifies() throws IOException {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(root.resolve("etc/ssh/sshd_config"), "PermitRootLogin yes\n");
    Path archive = tmp.resolve("archive");
    vigil("scan", "--root", root.toString(), "--out", archive.toString(), "-q");
    Files.writeString(root.resolve("etc/ssh/sshd_config"), "PermitRootLogin no\n");
    vigil("scan", "--root", root.toString(), "--out", archive.toString(), "-q");

    Path out = tmp.resolve("period");
    Run run =
        vigil("report", "--archive", archive.toString(), "--since", "7d", "--out", out.toString());
    assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("resolved"), run.out());
    assertTrue(Files.isRegularFile(out.resolve("report.html")));
    assertEquals(ExitCodes.OK, vigil("verify", out.toString()).exit());
    assertEquals(
        ExitCodes.USAGE,
        vigil(
                "report",
                "--archive",
                archive.toString(),
                "--since",
                "soon",
                "--out",
                tmp.resolve("x").toString())
            .exit());
  }

  @Test
  void aGroupCommandWithoutItsSubcommandIsAUsageError() {
    for (String group : new String[] {"rules", "controls", "config", "index"}) {
      Run run = vigil(group);
      assertEquals(ExitCodes.USAGE, run.exit(), group);
      assertTrue(run.err().contains("Missing required subcommand"), run.err());
    }
  }
}
