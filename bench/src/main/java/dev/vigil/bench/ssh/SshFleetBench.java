package dev.vigil.bench.ssh;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collectors;
import dev.vigil.collectors.SnapshotCollector;
import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.collectors.transport.ssh.SshFleet;
import dev.vigil.collectors.transport.ssh.SshInventory;
import dev.vigil.collectors.transport.ssh.SshTargetConfig;
import dev.vigil.collectors.transport.ssh.SshTransport;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Snapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 10 benchmark: a fleet of SSH targets (sshd instances on many loopback addresses, started by
 * bench/ssh.sh) scanned with every built-in collector, against the baseline of the local scan of
 * the same machine measured in the same run.
 *
 * <p>Arguments: DIR (with id_ed25519 and known_hosts) PORT HOSTS [CONCURRENCY] [WALK_ENTRIES].
 */
public final class SshFleetBench {
  private SshFleetBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int hosts = Integer.parseInt(args[2]);
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : SshFleet.DEFAULT_CONCURRENCY;
    String walk = args.length > 4 ? args[4] : "2000";
    // The file walk bounded by entries rather than time, so every scan covers the same paths.
    CollectionContext context =
        new CollectionContext(
            Clock.systemUTC(),
            CollectionContext.DEFAULT_MAX_FILE_BYTES,
            Duration.ofSeconds(30),
            Duration.ofSeconds(600),
            Map.of("walk.max_entries", walk, "walk.max_seconds", "600"));
    SnapshotCollector collector = new SnapshotCollector(Collectors.builtIn());
    SshTargetConfig.Builder base =
        SshTargetConfig.builder("127.0.0.1", "root")
            .port(port)
            .identityFile(dir.resolve("id_ed25519"))
            .knownHosts(dir.resolve("known_hosts"))
            .connectTimeout(Duration.ofSeconds(60))
            .commandTimeout(Duration.ofSeconds(120))
            .scanTimeout(Duration.ofSeconds(300));

    // Warm up the JIT on both paths.
    collector.collect(new LocalTransport(Target.local("localhost"), Clock.systemUTC()), context);
    try (SshTransport t = SshTransport.connect(Target.parse("ssh://127.0.0.1"), base.build())) {
      collector.collect(t, context);
    }

    int n = 3;
    long[] local = new long[n];
    long[] ssh = new long[n];
    long roundTrips = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      Snapshot s =
          collector.collect(new LocalTransport(Target.local("localhost"), Clock.systemUTC()), context);
      local[i] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      try (SshTransport t = SshTransport.connect(Target.parse("ssh://127.0.0.1"), base.build())) {
        Snapshot r = collector.collect(t, context);
        roundTrips = t.roundTrips();
        if (r.facts().size() != s.facts().size()) {
          throw new IllegalStateException("different fact sets");
        }
      }
      ssh[i] = System.nanoTime() - t0;
    }
    long localMs = median(local) / 1_000_000;
    long sshMs = median(ssh) / 1_000_000;
    System.out.printf(Locale.ROOT, "local scan (baseline)        median %6d ms%n", localMs);
    System.out.printf(
        Locale.ROOT,
        "ssh scan, one host, cold     median %6d ms  (%d round trips, connect included)  ratio %.2fx%n",
        sshMs,
        roundTrips,
        (double) sshMs / localMs);

    List<SshInventory.Entry> fleet = new ArrayList<>();
    for (int i = 1; i <= hosts; i++) {
      String host = "127.0.0." + i;
      fleet.add(
          new SshInventory.Entry(
              Target.parse("ssh://root@" + host + ":" + port), base.host(host).build()));
    }
    SshFleet runner = SshFleet.builder().concurrency(concurrency).build();
    long t0 = System.nanoTime();
    List<SshFleet.HostResult<Snapshot>> results = runner.run(fleet, t -> collector.collect(t, context));
    long fleetMs = (System.nanoTime() - t0) / 1_000_000;
    long ok = results.stream().filter(SshFleet.HostResult::ok).count();
    results.stream()
        .filter(r -> !r.ok())
        .limit(5)
        .forEach(r -> System.out.println("failed: " + r.target().name() + ": " + r.error().get()));
    double perHost = (double) fleetMs / hosts;
    System.out.printf(
        Locale.ROOT,
        "fleet of %d ssh hosts, %d at once: %d ms wall (%d ok), %.1f hosts/s, %.0f ms per host"
            + " amortised  ratio per host / local scan %.2fx  (target: fleet < 30000 ms)%n",
        hosts,
        concurrency,
        fleetMs,
        ok,
        hosts * 1000.0 / fleetMs,
        perHost,
        perHost / localMs);
    System.out.printf(
        Locale.ROOT,
        "baseline: %d local scans one after another would take %d ms%n", hosts, localMs * hosts);
  }

  private static long median(long[] v) {
    long[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
