package dev.vigil.collectors.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalAccountsCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new LocalAccountsCollector();
  }

  private static Map<String, Object> user(Map<String, Object> users, String name) {
    return list(users.get("users")).stream()
        .map(CollectorContract::map)
        .filter(u -> u.get("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no user " + name));
  }

  @Test
  void weakRootShowsEmptyPasswordSecondUidZeroAndDuplicates() throws Exception {
    Snapshot s = snapshot("weak");
    Map<String, Object> users = ok(s, "accounts.users");
    assertEquals(List.of("root", "toor"), users.get("uid0"));
    assertEquals("empty", user(users, "guest").get("password"));
    assertEquals("md5crypt", user(users, "toor").get("password_algorithm"));
    assertEquals("set", user(users, "root").get("password"));
    assertEquals("sha512crypt", user(users, "root").get("password_algorithm"));
    assertEquals("yescrypt", user(users, "alice").get("password_algorithm"));
    assertEquals("locked", user(users, "olduser").get("password"));
    assertEquals("sha512crypt", user(users, "olduser").get("password_algorithm"));
    assertEquals("none", user(users, "bob").get("password"));
    assertEquals(99999L, user(users, "root").get("max_days"));
    assertEquals("ok", users.get("wtmp"));
    assertEquals("2025-01-01T00:00:00Z", user(users, "alice").get("last_login"));
    assertEquals(379L, user(users, "alice").get("last_login_days_ago")); // fixed clock 2026-01-15
    assertEquals("2023-11-14T22:13:20Z", user(users, "root").get("last_login"));
    assertFalse(user(users, "guest").containsKey("last_login"));
    assertEquals(
        List.of(
            Map.of("uid", 0L, "names", List.of("root", "toor")),
            Map.of("uid", 1001L, "names", List.of("guest", "bob"))),
        users.get("duplicate_uids"));
    assertEquals(0777L, user(users, "alice").get("home_mode"));
    assertEquals(false, user(users, "olduser").get("home_exists"));
    assertEquals(
        List.of("/etc/passwd:11: expected 7 ':'-separated fields, got 1"), users.get("problems"));
    Map<String, Object> groups = ok(s, "accounts.groups");
    assertEquals(List.of("root", "wheel2"), groups.get("gid0"));
    Map<String, Object> sudo =
        list(groups.get("groups")).stream()
            .map(CollectorContract::map)
            .filter(g -> g.get("name").equals("sudo"))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("alice", "guest"), sudo.get("members"));
  }

  @Test
  void hardenedRootHasOnlyRootAtUidZeroAndSystemAccountsWithoutLoginShells() throws Exception {
    Map<String, Object> users = ok(snapshot("hardened"), "accounts.users");
    assertEquals(List.of("root"), users.get("uid0"));
    assertEquals(List.of(), users.get("duplicate_uids"));
    Map<String, Object> alice = user(users, "alice");
    assertEquals(false, alice.get("system"));
    assertEquals(true, alice.get("login_shell"));
    assertEquals(List.of("alice", "sudo"), alice.get("groups"));
    assertEquals(60L, alice.get("max_days"));
    assertEquals(true, user(users, "daemon").get("system"));
    assertEquals(false, user(users, "daemon").get("login_shell"));
    assertEquals("none", user(users, "daemon").get("password"));
    assertEquals("locked", user(users, "sshd").get("password"));
    assertEquals("ok", users.get("shadow"));
  }

  @Test
  void noPasswordHashFromTheFixturesEverReachesTheSnapshot() throws Exception {
    for (String root : List.of("weak", "hardened")) {
      String json = Json.mapper().writeValueAsString(snapshot(root));
      for (String line :
          Files.readAllLines(
              dev.vigil.collectors.FixtureRoots.source().resolve(root + "/etc/shadow"))) {
        String hash = line.split(":", -1)[1];
        if (hash.length() > 3) {
          String bare = hash.replace("!", "");
          assertFalse(json.contains(bare), root + ": snapshot contains a password hash");
          // nor a recognisable part of it (the salt or the digest)
          for (String part : bare.split("\\$")) {
            if (part.length() >= 8) {
              assertFalse(json.contains(part), root + ": snapshot contains part of a hash");
            }
          }
        }
      }
    }
  }

  @Test
  void missingShadowLeavesPasswordKeysOutSoRulesCannotPass() throws Exception {
    Path root = tmp.resolve("noshadow");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
    Files.createDirectories(root.resolve("etc/shadow")); // a directory: unreadable as a file
    Map<String, Object> users = ok(snapshotOf(root), "accounts.users");
    assertEquals("error", users.get("shadow"));
    assertTrue(users.get("shadow_reason").toString().startsWith("/etc/shadow: "));
    assertFalse(user(users, "root").containsKey("password"));
  }

  @Test
  void passwordStatesAndAlgorithms() {
    assertEquals("empty", AccountFiles.passwordState(""));
    assertEquals("locked", AccountFiles.passwordState("!"));
    assertEquals("locked", AccountFiles.passwordState("!!"));
    assertEquals("none", AccountFiles.passwordState("*"));
    assertEquals("set", AccountFiles.passwordState("$y$j9T$abc$def"));
    assertEquals("descrypt", AccountFiles.algorithm("abJnggxhB/yWI").orElseThrow());
    assertEquals("bcrypt", AccountFiles.algorithm("$2b$12$abcdefghijklmnopqrstuv").orElseThrow());
  }
}
