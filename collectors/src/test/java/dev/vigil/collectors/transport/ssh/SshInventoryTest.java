package dev.vigil.collectors.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.Target;
import dev.vigil.core.TargetKind;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshInventoryTest {
  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SshInventoryTest.class.getResource("/ssh/" + name).toURI());
  }

  @Test
  void groupsHostsCredentialsAndJumpHostBecomeTargetsAndConfigs() throws Exception {
    Path file = resource("inventory.yaml");
    Path dir = file.getParent();
    List<SshInventory.Entry> entries = SshInventory.load(file);
    assertEquals(4, entries.size());

    SshInventory.Entry web1 = entries.get(0);
    assertEquals(
        new Target(
            "web1.example.com",
            TargetKind.SSH,
            "ssh://scanner@web1.example.com:22",
            Map.of("env", "prod", "role", "web", "group", "web")),
        web1.target());
    SshTargetConfig c = web1.config();
    assertEquals(Optional.of(dir.resolve("keys/ops_ed25519")), c.identityFile());
    assertEquals(Optional.of(dir.resolve("keys/ops.pass")), c.passphraseFile());
    assertEquals(dir.resolve("known_hosts"), c.knownHosts());
    assertEquals(Duration.ofSeconds(10), c.connectTimeout());
    assertEquals(Duration.ofMinutes(5), c.scanTimeout());
    assertEquals(32L * 1024 * 1024, c.maxOutputBytes());
    SshTargetConfig jump = c.jump().orElseThrow();
    assertEquals("bastion.example.com", jump.host());
    assertEquals("jump", jump.user());
    assertTrue(jump.jump().isEmpty());

    SshInventory.Entry web2 = entries.get(1);
    assertEquals("web2", web2.target().name());
    assertEquals("ssh://scanner@web2.example.com:2222", web2.target().location());
    assertEquals("b", web2.target().labels().get("az"));
    assertEquals(2222, web2.config().port());

    SshInventory.Entry db = entries.get(2);
    assertTrue(db.config().agent());
    assertTrue(db.config().sudo());
    assertTrue(db.config().jump().isEmpty());
    assertEquals("db", db.target().labels().get("group"));

    SshInventory.Entry legacy = entries.get(3);
    assertEquals("admin", legacy.config().user());
    assertEquals(Optional.of(dir.resolve("secrets/legacy.pw")), legacy.config().passwordFile());
    assertFalse(legacy.target().labels().containsKey("group"));
  }

  @Test
  void everyProblemIsReportedWithFileLineAndColumn() throws Exception {
    Path file = resource("broken.yaml");
    SshInventory.InventoryException e =
        assertThrows(SshInventory.InventoryException.class, () -> SshInventory.load(file));
    List<String> p = e.problems();
    assertTrue(has(p, file + ":3:11: unknown setting in defaults 'colour'"), String.join("\n", p));
    assertTrue(
        has(p, file + ":11:9: unknown credentials 'nope' for host web1"), String.join("\n", p));
    assertTrue(has(p, file + ":16:9: port must be 1..65535: 70000"), String.join("\n", p));
    assertTrue(has(p, file + ":18:5: unknown jump host 'nowhere'"), String.join("\n", p));
    assertTrue(has(p, file + ":21:5: a host needs host:"), String.join("\n", p));
    assertEquals(5, p.size(), String.join("\n", p));
  }

  private static boolean has(List<String> problems, String prefix) {
    return problems.stream().anyMatch(s -> s.startsWith(prefix));
  }

  @Test
  void invalidYamlNamesTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "hosts:\n  - host: a\n   bad: [\n");
    SshInventory.InventoryException e =
        assertThrows(SshInventory.InventoryException.class, () -> SshInventory.load(file));
    assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void sshTargetAddressGivesHostPortAndUser() {
    SshTargetConfig c =
        SshTargetConfig.fromTarget(Target.parse("ssh://ops@10.1.2.3:2200"), "root")
            .agent(true)
            .build();
    assertEquals("10.1.2.3", c.host());
    assertEquals(2200, c.port());
    assertEquals("ops", c.user());
    assertEquals(
        "root",
        SshTargetConfig.fromTarget(Target.parse("ssh://h"), "root").agent(true).build().user());
  }
}
