package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command, in-process, on fixture root filesystems: what a user runs and sees. */
class ScanCommandTest {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run vigil(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Vigil.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path root(String name, String sshdConfig) throws IOException {
    Path root = tmp.resolve(name);
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(root.resolve("etc/ssh/sshd_config"), sshdConfig);
    Files.writeString(
        root.resolve("etc/login.defs"),
        "PASS_MAX_DAYS 60\nPASS_MIN_DAYS 1\nPASS_WARN_AGE 14\nUMASK 027\nENCRYPT_METHOD SHA512\n");
    return root;
  }

  static Path latestRun(Path out) throws IOException {
    try (Stream<Path> runs = Files.list(out)) {
      return runs.filter(p -> p.getFileName().toString().matches("\\d{8}T\\d{6}Z-[0-9a-f]{4}"))
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no run folder in " + out));
    }
  }

  private static JsonNode finding(Path out, String rule) throws IOException {
    Path runDir = latestRun(out);
    JsonNode findings =
        Json.mapper().readTree(runDir.resolve("findings.json").toFile()).get("findings");
    for (JsonNode f : findings) {
      if (f.get("rule").asText().equals(rule)) {
        return f;
      }
    }
    throw new AssertionError("no finding for " + rule + " in " + findings);
  }

  @Test
  void permitRootLoginYesFailsWithObservedExpectedAndControls() throws IOException {
    Path root = root("weak", "Port 22\nPermitRootLogin yes\n");
    Path out = tmp.resolve("out");
    Run run = vigil("scan", "--root", root.toString(), "--out", out.toString());
    assertEquals(ExitCodes.FAILED, run.exit(), run.out() + run.err());
    JsonNode f = finding(out, "sshd.permit-root-login");
    assertEquals("fail", f.get("status").asText());
    assertEquals("yes", f.get("observed").asText());
    assertTrue(f.get("expected").asText().contains("no"), f.toString());
    assertTrue(f.get("controls").toString().contains("AC-6(2)"), f.toString());
    assertTrue(f.get("controls").toString().contains("CM-6"), f.toString());
    assertTrue(run.out().contains("sshd.permit-root-login"), run.out());
    assertTrue(run.out().contains("Report:"), run.out());
  }

  @Test
  void hardenedRootPassesTheRule() throws IOException {
    Path root = root("hardened", "PermitRootLogin no\nPermitEmptyPasswords no\nMaxAuthTries 3\n");
    Path out = tmp.resolve("out");
    Run run =
        vigil("scan", "--root", root.toString(), "--out", out.toString(), "--fail-on", "none");
    assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
    assertEquals("pass", finding(out, "sshd.permit-root-login").get("status").asText());
  }

  @Test
  void unreadableConfigIsAnErrorNeverAPass() throws IOException {
    Path root = root("broken", "PermitRootLogin no\n");
    Path config = root.resolve("etc/ssh/sshd_config");
    // Root reads any file whatever its mode, so make the read itself fail: a symlink loop.
    Files.delete(config);
    Files.createSymbolicLink(config, Path.of("sshd_config"));
    Path out = tmp.resolve("out");
    Run run =
        vigil("scan", "--root", root.toString(), "--out", out.toString(), "--fail-on", "none");
    assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
    JsonNode f = finding(out, "sshd.permit-root-login");
    assertEquals("error", f.get("status").asText(), f.toString());
    assertTrue(f.get("message").asText().contains("sshd_config"), f.toString());
  }

  @Test
  void writesTheEvidenceArchiveLayout() throws IOException {
    Path root = root("weak", "PermitRootLogin yes\n");
    Path out = tmp.resolve("out");
    vigil("scan", "--root", root.toString(), "--out", out.toString(), "--quiet");
    Path runDir = latestRun(out);
    assertTrue(Files.isRegularFile(out.resolve("index.html")), "archive index.html");
    for (String file :
        new String[] {"findings.json", "snapshot.json", "manifest.json", "report.html"}) {
      assertTrue(Files.isRegularFile(runDir.resolve(file)), file + " in " + runDir);
    }
  }

  @Test
  void quietPrintsNothing() throws IOException {
    Path root = root("weak", "PermitRootLogin yes\n");
    Run run = vigil("scan", "--root", root.toString(), "--out", tmp.resolve("o").toString(), "-q");
    assertEquals(ExitCodes.FAILED, run.exit());
    assertEquals("", run.out());
  }

  @Test
  void unknownOptionIsAUsageErrorInOneLine() {
    Run run = vigil("scan", "--bogus");
    assertEquals(ExitCodes.USAGE, run.exit());
    assertTrue(run.err().startsWith("vigil: Unknown option: '--bogus'"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void missingRootIsAUsageError() {
    Run run = vigil("scan", "--root", tmp.resolve("nope").toString());
    assertEquals(ExitCodes.USAGE, run.exit());
    assertTrue(run.err().contains("--root must be an existing directory"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void unwritableOutputIsAUsageError() throws IOException {
    Path root = root("weak", "PermitRootLogin yes\n");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Run run = vigil("scan", "--root", root.toString(), "--out", file.resolve("sub").toString());
    assertEquals(ExitCodes.USAGE, run.exit(), run.out() + run.err());
    assertTrue(run.err().contains("cannot write the evidence archive"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void badFailOnAndFormatAreUsageErrors() throws IOException {
    Path root = root("weak", "PermitRootLogin yes\n");
    assertEquals(
        ExitCodes.USAGE, vigil("scan", "--root", root.toString(), "--fail-on", "huge").exit());
    assertEquals(
        ExitCodes.USAGE, vigil("scan", "--root", root.toString(), "--format", "pdf").exit());
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args :
        new String[][] {{"--help"}, {"scan", "--help"}, {"version", "--help"}, {"help", "scan"}}) {
      Run run = vigil(args);
      assertEquals(ExitCodes.OK, run.exit(), String.join(" ", args) + ": " + run.err());
      assertTrue(run.out().contains("Usage: vigil"), run.out());
    }
  }

  @Test
  void versionPrintsTheToolVersion() {
    Run run = vigil("version");
    assertEquals(ExitCodes.OK, run.exit());
    assertTrue(run.out().startsWith("vigil "), run.out());
  }

  @Test
  void noCommandIsAUsageError() {
    assertEquals(ExitCodes.USAGE, vigil().exit());
  }
}
