package dev.vigil.collectors.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.core.facts.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecialFilesCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new SpecialFilesCollector();
  }

  @Test
  void weakRootHasAWorldWritableEtcFileAStickylessDirAndAnUnexpectedSetuidShell() throws Exception {
    Snapshot s = snapshot("weak");
    Map<String, Object> ww = ok(s, "host.world_writable");
    List<Object> paths = list(ww.get("files")).stream().map(e -> map(e).get("path")).toList();
    assertTrue(paths.contains("/etc/app.conf"), paths.toString());
    assertTrue(paths.contains("/home/alice/.ssh/authorized_keys") == false, "home is not walked");
    List<Object> dirs =
        list(ww.get("directories_without_sticky")).stream().map(e -> map(e).get("path")).toList();
    assertEquals(List.of("/var/tmp"), dirs);
    assertEquals(true, ww.get("complete"));
    assertEquals("none", ww.get("bound_hit"));
    List<Object> suid =
        list(ok(s, "host.suid_sgid").get("files")).stream().map(e -> map(e).get("path")).toList();
    assertEquals(List.of("/usr/bin/passwd", "/usr/local/bin/rootshell"), suid);
    Map<String, Object> root = map(list(ok(s, "host.suid_sgid").get("files")).get(1));
    assertEquals(true, root.get("setgid"));
    assertEquals("6755", root.get("mode_octal"));
  }

  @Test
  void hardenedRootHasNoWorldWritableFiles() throws Exception {
    Map<String, Object> ww = ok(snapshot("hardened"), "host.world_writable");
    assertEquals(List.of(), ww.get("files"));
    assertEquals(List.of(), ww.get("directories_without_sticky"));
  }

  @Test
  void hittingTheEntryBoundIsStatedAndTheFactSaysItIsALowerBound() throws Exception {
    var root = dev.vigil.collectors.FixtureRoots.materialize("weak", tmp);
    var ctx =
        new dev.vigil.collectors.CollectionContext(
            CLOCK,
            1 << 20,
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(60),
            Map.of("walk.max_entries", "10"));
    try (var t = new dev.vigil.collectors.transport.root.RootDirTransport(root, CLOCK)) {
      var facts = collector().collect(t, ctx);
      Map<String, Object> ww = map(facts.get(0).value());
      assertEquals(false, ww.get("complete"));
      assertEquals("entries", ww.get("bound_hit"));
      assertEquals(10L, ww.get("scanned"));
      assertTrue(facts.get(0).reason().orElseThrow().contains("entries bound"));
    }
  }
}
