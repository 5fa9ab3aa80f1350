package dev.vigil.collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.transport.root.RootDirTransport;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every built-in collector at once over the three fixture roots, as a scan would run them. */
class FixtureRootsTest {
  @TempDir Path tmp;

  private Snapshot scan(String name) throws Exception {
    Path root = FixtureRoots.materialize(name, tmp);
    try (var t = new RootDirTransport(root, CollectorContract.CLOCK)) {
      var ctx =
          new CollectionContext(
              CollectorContract.CLOCK,
              1 << 22,
              Duration.ofSeconds(10),
              Duration.ofSeconds(60),
              Map.of());
      Snapshot s = new SnapshotCollector(Collectors.builtIn()).collect(t, ctx);
      assertEquals(List.of(), s.collectorErrors(), name);
      return s;
    }
  }

  private static List<String> secrets(String root) throws Exception {
    List<String> out = new ArrayList<>();
    Path shadow = FixtureRoots.source().resolve(root + "/etc/shadow");
    for (String line : Files.readAllLines(shadow)) {
      String[] f = line.split(":", -1);
      if (f.length > 1 && f[1].replace("!", "").length() > 12) {
        out.add(f[1].replace("!", ""));
      }
    }
    for (String keys : List.of("/home/alice/.ssh/authorized_keys", "/root/.ssh/authorized_keys")) {
      Path p = FixtureRoots.source().resolve(root + keys);
      if (Files.exists(p)) {
        for (String w : Files.readString(p).split("\\s+")) {
          if (w.startsWith("AAAA") && w.length() > 60) {
            out.add(w.substring(0, 60));
          }
        }
      }
    }
    return out;
  }

  @Test
  void noPasswordHashOrKeyBodyOfTheFixturesReachesAnySnapshot() throws Exception {
    for (String root : List.of("weak", "hardened")) {
      List<String> secrets = secrets(root);
      assertTrue(secrets.size() >= 2, "the fixture has real hashes and keys: " + root);
      String json = Json.mapper().writeValueAsString(scan(root));
      for (String s : secrets) {
        assertFalse(
            json.contains(s), root + ": snapshot contains a secret starting " + s.substring(0, 8));
        for (String part : s.split("\\$")) {
          if (part.length() >= 8) {
            assertFalse(json.contains(part), root + ": snapshot contains part of a hash");
          }
        }
      }
    }
  }

  @Test
  void brokenRootNeverYieldsACleanOkFactFromGarbage() throws Exception {
    Snapshot s = scan("broken");
    Map<String, String> states = new TreeMap<>();
    for (Fact f : s.facts().values()) {
      String st = f.state().wire();
      if (f.isOk() && f.value() instanceof Map<?, ?> m && m.get("problems") instanceof List<?> p) {
        st += p.isEmpty() ? "" : "+problems";
      }
      states.put(f.name(), st);
    }
    // facts built from garbage are errors, or ok with every bad line reported
    for (Map.Entry<String, String> e : states.entrySet()) {
      String name = e.getKey();
      if (List.of(
              "host.file_permissions",
              "host.world_writable",
              "host.suid_sgid",
              "host.time_sync",
              "host.services",
              "accounts.authorized_keys",
              "host.listening_sockets")
          .contains(name)) {
        continue; // metadata or derived from other facts; checked by their own tests
      }
      assertTrue(
          !e.getValue().equals("ok"),
          name + " is ok without problems on a root full of garbage: " + states);
    }
    assertEquals(FactState.ERROR, s.fact("host.faillock").orElseThrow().state(), "symlink loop");
    assertEquals(
        "/etc/security/faillock.conf: symlink loop",
        s.fact("host.faillock").orElseThrow().reason().orElseThrow());
    assertEquals(FactState.ABSENT, s.fact("host.listening_sockets").orElseThrow().state());
  }

  @Test
  void weakRootFactsMatchTheIssueList() throws Exception {
    Snapshot s = scan("weak");
    assertEquals(
        "yes",
        ((Map<?, ?>) ((Map<?, ?>) s.fact("host.sshd").orElseThrow().value()).get("effective"))
            .get("permitrootlogin"));
    assertEquals(
        1L, ((Map<?, ?>) s.fact("host.logrotate").orElseThrow().value()).get("min_rotate"));
    assertEquals(
        1L,
        ((Map<?, ?>) ((Map<?, ?>) s.fact("host.auditd").orElseThrow().value()).get("config"))
            .get("num_logs"));
    assertEquals(
        List.of("root", "toor"),
        ((Map<?, ?>) s.fact("accounts.users").orElseThrow().value()).get("uid0"));
  }
}
