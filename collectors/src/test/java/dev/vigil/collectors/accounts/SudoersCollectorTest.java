package dev.vigil.collectors.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SudoersCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new SudoersCollector();
  }

  @Test
  void weakRootHasNopasswdAllThroughAUserAliasAndNoAuthenticateDefaults() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "accounts.sudoers");
    List<Map<String, Object>> rules =
        list(v.get("rules")).stream().map(CollectorContract::map).toList();
    Map<String, Object> admins = rules.get(0);
    assertEquals(List.of("alice", "toor"), admins.get("users"));
    assertEquals(true, admins.get("nopasswd"));
    assertEquals(true, admins.get("all_commands"));
    assertEquals(List.of("NOPASSWD"), admins.get("tags"));
    assertEquals("ALL", admins.get("runas"));
    Map<String, Object> guest = rules.get(3);
    assertEquals(List.of("guest"), guest.get("users"));
    assertEquals(true, guest.get("noauthenticate"));
    assertEquals(true, guest.get("nopasswd"));
    assertEquals(false, guest.get("all_commands"));
    Map<String, Object> ops = rules.get(4);
    assertEquals("/etc/sudoers.d/90-ops", ops.get("file"));
    assertEquals(List.of("NOPASSWD", "SETENV"), ops.get("tags"));
    assertEquals(List.of("/bin/bash", "/usr/bin/vim"), ops.get("commands"));
    assertEquals(
        List.of(
            "/etc/sudoers.d/90-ops:2: expected 'users hosts = (runas) commands', got 'this is not"
                + " valid sudoers syntax ('"),
        v.get("problems"));
    assertEquals(
        "#includedir".replace("#", "@"), map(list(v.get("includes")).get(0)).get("directive"));
  }

  @Test
  void hardenedRootRequiresPasswordsAndExpandsCommandAliases() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "accounts.sudoers");
    List<Map<String, Object>> rules =
        list(v.get("rules")).stream().map(CollectorContract::map).toList();
    assertTrue(rules.stream().noneMatch(r -> (Boolean) r.get("nopasswd")));
    Map<String, Object> backup = rules.get(2);
    assertEquals(List.of("/usr/bin/rsync", "/usr/bin/tar"), backup.get("commands"));
    assertEquals("root", backup.get("runas"));
    assertEquals(true, map(v.get("global_defaults")).get("use_pty"));
    assertEquals("/var/log/sudo.log", map(v.get("global_defaults")).get("logfile"));
    // sudo reads every name without a dot, README included (it holds only comments)
    assertEquals(
        List.of("/etc/sudoers", "/etc/sudoers.d/50-backup", "/etc/sudoers.d/README"),
        v.get("files"));
  }
}
