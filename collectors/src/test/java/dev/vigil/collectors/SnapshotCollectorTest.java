package dev.vigil.collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.transport.root.RootDirTransport;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import dev.vigil.core.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCollectorTest {
  @TempDir Path tmp;

  private static CollectionContext context(Duration collectorTimeout) {
    return new CollectionContext(
        CollectorContract.CLOCK, 1 << 22, Duration.ofSeconds(10), collectorTimeout, Map.of());
  }

  @Test
  void parallelCollectionGivesTheSameSnapshotAsSequential() throws Exception {
    Path root = FixtureRoots.materialize("weak", tmp);
    try (Transport t = new RootDirTransport(root, CollectorContract.CLOCK)) {
      Snapshot seq =
          new SnapshotCollector(Collectors.builtIn()).collect(t, context(Duration.ofSeconds(60)));
      Snapshot par =
          new SnapshotCollector(Collectors.builtIn(), 4)
              .collect(t, context(Duration.ofSeconds(60)));
      assertEquals(
          Json.mapper().writeValueAsString(seq.facts()),
          Json.mapper().writeValueAsString(par.facts()));
      assertEquals(seq.collectorErrors(), par.collectorErrors());
    }
  }

  @Test
  void aHungCollectorTimesOutIntoErrorFactsAndTheOthersStillReport() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Collector hung =
        new Collector() {
          @Override
          public CollectorDescriptor descriptor() {
            return new CollectorDescriptor("test.hung", "hangs", Set.of("test.hung"), false);
          }

          @Override
          public List<Fact> collect(Transport transport, CollectionContext context) {
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return List.of();
          }
        };
    List<Collector> list = new ArrayList<>(List.of(hung));
    list.add(new dev.vigil.collectors.logindefs.LoginDefsCollector());
    Path root = FixtureRoots.materialize("hardened", tmp);
    try (Transport t = new RootDirTransport(root, CollectorContract.CLOCK)) {
      Snapshot s = new SnapshotCollector(list, 2).collect(t, context(Duration.ofMillis(500)));
      Fact f = s.fact("test.hung").orElseThrow();
      assertEquals(FactState.ERROR, f.state());
      assertTrue(f.reason().orElseThrow().contains("timed out"), f.reason().toString());
      assertEquals(FactState.OK, s.fact("host.login_defs").orElseThrow().state());
    }
  }
}
