package dev.vigil.collectors.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.collectors.FixtureRoots;
import dev.vigil.core.json.Json;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizedKeysCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new AuthorizedKeysCollector();
  }

  @Test
  void keysBecomeTypeBitsFingerprintOptionsAndCommentOnly() throws Exception {
    var s = snapshot("hardened");
    Map<String, Object> v = ok(s, "accounts.authorized_keys");
    List<Object> keys = list(map(map(v.get("users")).get("alice")).get("keys"));
    Map<String, Object> ed = map(keys.get(0));
    assertEquals("ssh-ed25519", ed.get("type"));
    assertEquals(256L, ed.get("bits"));
    assertTrue(ed.get("fingerprint").toString().startsWith("SHA256:"));
    assertEquals("alice@laptop", ed.get("comment"));
    assertEquals(2L, ed.get("line"));
    Map<String, Object> rsa = map(keys.get(1));
    assertEquals(3072L, rsa.get("bits"));
    assertEquals(
        List.of("from=\"10.0.0.0/8\"", "no-pty", "no-agent-forwarding"), rsa.get("options"));
    String json = Json.mapper().writeValueAsString(s);
    for (String line :
        Files.readAllLines(
            FixtureRoots.source().resolve("hardened/home/alice/.ssh/authorized_keys"))) {
      for (String w : line.split("\\s+")) {
        if (w.startsWith("AAAA")) {
          assertFalse(json.contains(w.substring(0, 40)), "snapshot contains a key body");
        }
      }
    }
  }

  @Test
  void weakRootHasRootKeysAndReportsBadLines() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "accounts.authorized_keys");
    assertEquals(1, list(map(map(v.get("users")).get("root")).get("keys")).size());
    assertEquals(
        List.of(
            "/home/alice/.ssh/authorized_keys:2: not a public key",
            "/home/alice/.ssh/authorized_keys:3: not a public key"),
        v.get("problems"));
  }
}
