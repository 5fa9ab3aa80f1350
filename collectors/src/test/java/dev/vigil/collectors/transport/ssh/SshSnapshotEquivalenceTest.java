package dev.vigil.collectors.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collectors;
import dev.vigil.collectors.SnapshotCollector;
import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A full scan of this machine over SSH yields the same facts as the local scan of it. */
class SshSnapshotEquivalenceTest {
  @RegisterExtension static final SshServer SSHD = new SshServer();

  /**
   * Facts that legitimately differ between two scans a moment apart, whatever the transport: they
   * describe live state that the scan itself changes (the SSH session is a new login, a new
   * connection, new processes).
   */
  static final Set<String> LIVE = Set.of("host.system", "host.listening_sockets");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> system(Snapshot s) {
    return (Map<String, Object>) s.facts().get("host.system").value();
  }

  @Test
  void fullScanOverSshYieldsTheSameFactsAsTheLocalScan() throws Exception {
    // A walk bounded by entries, not time, so both scans cover the same paths.
    CollectionContext context =
        new CollectionContext(
            Clock.systemUTC(),
            CollectionContext.DEFAULT_MAX_FILE_BYTES,
            Duration.ofSeconds(30),
            Duration.ofSeconds(600),
            Map.of("walk.max_entries", "4000", "walk.max_seconds", "600"));
    SnapshotCollector collector = new SnapshotCollector(Collectors.builtIn());
    Snapshot local =
        collector.collect(
            new LocalTransport(Target.local("localhost"), Clock.systemUTC()), context);
    Snapshot remote;
    try (SshTransport ssh =
        SshTransport.connect(Target.parse("ssh://127.0.0.1:" + SSHD.port()), SSHD.root().build())) {
      remote = collector.collect(ssh, context);
    }
    assertEquals(local.facts().keySet(), remote.facts().keySet());
    List<String> differences = new ArrayList<>();
    for (Fact l : local.facts().values()) {
      Fact r = remote.facts().get(l.name());
      if (LIVE.contains(l.name())) {
        continue;
      }
      if (!l.state().equals(r.state())
          || !l.value().equals(r.value())
          || !l.reason().equals(r.reason())) {
        differences.add(
            l.name()
                + "\n  local:  "
                + l.state()
                + " "
                + l.reason()
                + " "
                + l.value()
                + "\n  remote: "
                + r.state()
                + " "
                + r.reason()
                + " "
                + r.value());
      }
    }
    assertTrue(differences.isEmpty(), String.join("\n", differences));

    // Live facts: the same shape and the same stable parts.
    Map<String, Object> ls = new java.util.TreeMap<>(system(local));
    Map<String, Object> rs = new java.util.TreeMap<>(system(remote));
    ls.remove("uptime_seconds"); // time passes between the two scans
    rs.remove("uptime_seconds");
    assertEquals(ls, rs);
    // Other programs open and close listening sockets between the scans (other test servers on
    // this machine); the test's own sshd is listening in both.
    Fact ll = local.facts().get("host.listening_sockets");
    Fact rl = remote.facts().get("host.listening_sockets");
    assertEquals(ll.state(), rl.state());
    String sshdPort = "port=" + SSHD.port() + ",";
    assertTrue(ll.value().toString().contains(sshdPort), ll.value().toString());
    assertTrue(rl.value().toString().contains(sshdPort), rl.value().toString());
    assertEquals(local.collectorErrors(), remote.collectorErrors());
  }
}
