package dev.vigil.collectors.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SshFleetTest {
  @RegisterExtension static final SshServer SSHD = new SshServer(4);

  private static SshInventory.Entry host(String name, SshTargetConfig config) {
    return new SshInventory.Entry(
        Target.parse("ssh://" + config.user() + "@" + config.host() + ":" + config.port())
            .withName(name),
        config);
  }

  /** What a scan found: the bytes of /etc/passwd and how many round trips it took. */
  record Scanned(byte[] passwd, long roundTrips) {}

  @Test
  void badHostsFailAloneWithTheirReasonAndTheRestOfTheFleetIsScanned() throws Exception {
    Path emptyKnownHosts = SSHD.dir().resolve("known_hosts.empty");
    Files.writeString(emptyKnownHosts, "");
    List<SshInventory.Entry> hosts = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      hosts.add(host("good" + i, SSHD.root().host("127.0.0.1".replace(".1", "." + i)).build()));
    }
    hosts.add(host("down", SSHD.root().port(SshServer.freePort()).build()));
    hosts.add(host("unknown-key", SSHD.root().knownHosts(emptyKnownHosts).build()));
    hosts.add(host("wrong-key", SSHD.root().identityFile(SSHD.wrongIdentity()).build()));
    hosts.add(
        host("hangs", SSHD.root().host("127.0.0.2").scanTimeout(Duration.ofSeconds(3)).build()));
    for (int i = 5; i <= 8; i++) {
      hosts.add(host("good" + i, SSHD.root().host("127.0.0.3").build()));
    }
    List<SshFleet.Progress> progress = Collections.synchronizedList(new ArrayList<>());
    SshFleet fleet = SshFleet.builder().concurrency(4).progress(progress::add).build();
    List<SshFleet.HostResult<Scanned>> results =
        fleet.run(
            hosts,
            t -> {
              if (t.target().name().equals("hangs")) {
                t.run(List.of("sleep", "43"), Duration.ofSeconds(120), 1024);
              }
              byte[] passwd = t.read("/etc/passwd", 1 << 20).bytes();
              t.stat("/etc/passwd");
              t.list("/etc/ssh");
              return new Scanned(passwd, t.roundTrips());
            });

    assertEquals(hosts.size(), results.size());
    byte[] expected = Files.readAllBytes(Path.of("/etc/passwd"));
    for (SshFleet.HostResult<Scanned> r : results) {
      String name = r.target().name();
      if (name.startsWith("good")) {
        assertTrue(r.ok(), name + ": " + r.error());
        assertEquals(
            new String(expected, StandardCharsets.UTF_8),
            new String(r.value().get().passwd(), StandardCharsets.UTF_8));
      } else {
        assertFalse(r.ok(), name);
      }
    }
    assertEquals(SshConnectException.Kind.UNREACHABLE, result(results, "down").errorKind().get());
    assertEquals(
        SshConnectException.Kind.HOST_KEY_UNKNOWN,
        result(results, "unknown-key").errorKind().get());
    assertEquals(
        SshConnectException.Kind.AUTH_FAILED, result(results, "wrong-key").errorKind().get());
    assertTrue(
        result(results, "hangs").error().get().contains("scan timed out"),
        result(results, "hangs").error().get());

    // The first host taught the plan; every later good host prefetched and then read from cache.
    assertEquals(1, result(results, "good8").value().get().roundTrips());

    assertEquals(hosts.size(), progress.size());
    SshFleet.Progress last = progress.get(progress.size() - 1);
    assertEquals(hosts.size(), last.finished());
    assertEquals(8, last.done());
    assertEquals(4, last.failed());
    assertEquals(0, last.remaining());
    assertTrue(
        last.render(20).startsWith("[####################] 12/12  ok 8  failed 4"),
        last.render(20));
  }

  private static SshFleet.HostResult<Scanned> result(
      List<SshFleet.HostResult<Scanned>> results, String name) {
    return results.stream().filter(r -> r.target().name().equals(name)).findFirst().orElseThrow();
  }
}
