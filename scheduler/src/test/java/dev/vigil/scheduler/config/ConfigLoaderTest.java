package dev.vigil.scheduler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TargetKind;
import dev.vigil.scheduler.config.Config.JsonLinesFile;
import dev.vigil.scheduler.config.Config.Webhook;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  static Path repoRoot() {
    String env = System.getenv("VIGIL_REPO_ROOT");
    Path root = env != null ? Path.of(env) : Path.of("..").toAbsolutePath().normalize();
    return root;
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getResource("/" + name).toURI());
  }

  @Test
  void exampleConfigurationPassesTheCheck() throws Exception {
    Config c = ConfigLoader.load(repoRoot().resolve("examples/vigil.yaml"));
    assertEquals(4, c.targets().size());
    assertEquals(List.of("web", "daily"), c.targets().get(1).groups());
    assertEquals(TargetKind.SSH, c.targets().get(1).target().kind());
    assertEquals("web-1", c.targets().get(1).target().name());
    assertEquals("prod", c.targets().get(1).target().labels().get("env"));
    assertEquals("nist-moderate", c.groups().get("web").profile());
    assertEquals(Duration.ofMinutes(2), c.groups().get("web").timeout());
    assertEquals("Europe/Berlin", c.groups().get("web").timeZone().getId());
    assertTrue(c.cluster().isPresent());
    assertEquals(Duration.ofMillis(7500), c.cluster().get().checkinInterval());
    assertEquals(9464, c.http().get().listen().getPort());
    assertTrue(c.outputs().alertSinks().get(0) instanceof Webhook);
    assertTrue(c.outputs().alertSinks().get(1) instanceof JsonLinesFile);
    assertEquals(5000, c.retention().keepRuns().getAsInt());
    assertEquals("vigil", c.ssh().get().user().get());
    assertTrue(c.ssh().get().sudo());
  }

  @Test
  void fileWithSeveralMistakesReportsEveryOneWithItsLineAndColumn() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> ConfigLoader.load(resource("config/mistakes.yaml")));
    String all =
        e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertHas(e, 4, 14, "unknown group 'webb' (did you mean 'web'?)");
    assertHas(e, 6, 5, "unknown key 'adress' in a target (did you mean 'address'?)");
    assertHas(e, 5, 5, "target has no 'address'");
    assertHas(e, 10, 15, "invalid cron expression '0 0/15 * * *'");
    assertHas(e, 11, 14, "unknown profile 'nist-moderat'");
    assertHas(e, 11, 14, "(did you mean 'nist-moderate'?)");
    assertHas(e, 12, 16, "unknown time zone 'Mars/Olympus'");
    assertHas(e, 14, 5, "unknown key 'schedul' in group 'nightly' (did you mean 'schedule'?)");
    assertHas(e, 14, 5, "group 'nightly' has no 'schedule'");
    assertHas(e, 21, 9, "'secret' is a secret: secrets never go in a committed config");
    assertHas(e, 22, 17, "alert format must be ecs or ocsf: cef");
    assertHas(e, 26, 3, "'password' is a secret: secrets never go in a committed config");
    assertHas(e, 26, 3, "use password-file");
    assertHas(e, 28, 11, "loopback only");
    assertHas(e, 30, 12, "expected a whole number of at least 1: 0");
    assertTrue(all.contains("mistakes.yaml:4:14: "), all);
    // in file order
    List<Integer> lines = e.problems().stream().map(ConfigProblem::line).toList();
    assertEquals(lines.stream().sorted().toList(), lines);
  }

  @Test
  void relativePathsResolveAgainstTheConfigurationFolder() throws Exception {
    Files.writeString(dir.resolve("site.yaml"), "profile: x\n");
    Files.writeString(dir.resolve("waivers.yaml"), "waivers: []\n");
    Path file =
        write(
            """
            targets:
              - address: root:/srv/img
                groups: [g]
            groups:
              g: {schedule: "0/5 * * * * ?", profile: site.yaml}
            waivers: waivers.yaml
            outputs: {archive: out}
            """);
    Config c = ConfigLoader.load(file);
    assertEquals(dir.resolve("site.yaml").toString(), c.groups().get("g").profile());
    assertEquals(dir.resolve("waivers.yaml"), c.waivers().get());
    assertEquals(dir.resolve("out"), c.outputs().archive());
    assertEquals("/srv/img", c.targets().get(0).name());
    assertTrue(c.cluster().isEmpty());
    assertTrue(c.http().isEmpty());
  }

  @Test
  void missingProfileFileRulePackAndWaiversAreReported() throws Exception {
    Path file =
        write(
            """
            targets:
              - {name: a, address: local, groups: [g]}
            groups:
              g: {schedule: "0 * * * * ?", profile: profiles/mine.yaml}
            rules: [packs/site]
            waivers: nowhere.yaml
            outputs: {archive: out}
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertHas(e, 4, 41, "profile file not found");
    assertHas(e, 5, 9, "rule pack not found");
    assertHas(e, 6, 10, "waivers file not found");
  }

  @Test
  void passwordInTheJdbcUrlAndSecretValuesInEnvKeysAreRejected() throws Exception {
    Path file =
        write(
            """
            targets:
              - {name: a, address: local, groups: [g]}
            groups:
              g: {schedule: "0 * * * * ?"}
            outputs:
              archive: out
              elasticsearch:
                urls: [https://elastic:changeme@es:9200]
                api-key: abc
            cluster:
              jdbc-url: jdbc:postgresql://db/vigil?user=v&password=x
              user: v
              password-env: "hunter2!"
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertHas(e, 8, 12, "a user and password in the URL is a secret");
    assertHas(e, 9, 5, "'api-key' is a secret");
    assertHas(e, 11, 13, "a password in the JDBC URL is a secret");
    assertHas(e, 13, 17, "expected the NAME of an environment variable");
  }

  @Test
  void duplicateTargetsAndKeysAndBadAddressesAreReported() throws Exception {
    Path file =
        write(
            """
            targets:
              - {name: a, address: local, groups: [g]}
              - {name: a, address: "ftp://x", groups: [g]}
              - {name: b, address: local}
            groups:
              g: {schedule: "0 * * * * ?", timeout: 5 minutes}
              g: {schedule: "0 * * * * ?"}
            outputs: {archive: out}
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertHas(e, 3, 24, "target must be local, root:/path");
    assertHas(e, 4, 5, "target 'b' has no 'groups'");
    assertHas(e, 6, 41, "'timeout' must be a positive duration");
    assertHas(e, 7, 3, "duplicate group 'g'");
  }

  @Test
  void invalidYamlIsOneProblemWithItsPosition() throws Exception {
    Path file = write("targets:\n  - name: [a\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).message().startsWith("not valid YAML"), e.getMessage());
  }

  private Path write(String yaml) throws IOException {
    Path f = dir.resolve("vigil.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static void assertHas(ConfigException e, int line, int column, String text) {
    boolean found =
        e.problems().stream()
            .anyMatch(p -> p.line() == line && p.column() == column && p.message().contains(text));
    assertTrue(found, "expected " + line + ":" + column + " '" + text + "' in:\n" + e.getMessage());
  }
}
