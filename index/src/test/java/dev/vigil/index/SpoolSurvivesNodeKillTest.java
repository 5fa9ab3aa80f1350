package dev.vigil.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.Assessment;
import dev.vigil.core.Finding;
import dev.vigil.core.Target;
import dev.vigil.index.testing.ElasticsearchExtension;
import dev.vigil.index.testing.ElasticsearchNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node dies in the middle of a run's bulk writes: the run still completes, its documents stay
 * in the spool, and after a restart the replay leaves every finding in Elasticsearch exactly once.
 * Uses its own node, since it kills it.
 */
class SpoolSurvivesNodeKillTest {
  private static final int FINDINGS = 4000;
  private static ElasticsearchNode node;

  @TempDir Path archive;

  @BeforeAll
  static void startOwnNode() {
    node = ElasticsearchExtension.startOrSkip();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void nodeKilledMidBulkLosesNothingAndReplayDuplicatesNothing() throws Exception {
    Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Target target = Target.parse("ssh://root@web02:22");
    List<Finding> findings = Scans.many("web02", FINDINGS, at);
    Assessment run = Scans.assessment("20261125T120000Z-kill", at, List.of(target), findings);
    IndexConfig config =
        IndexConfig.of(node.url())
            .withPrefix("kill")
            .withBulk(200, 5L * 1024 * 1024, 1)
            .withRetries(1, Duration.ofMillis(50));
    Path spool = archive.resolve("es-spool");

    AtomicInteger acknowledgedBulks = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    IndexListener killAfterThreeBulks =
        new IndexListener() {
          @Override
          public void afterBulk(int operations, int failed) {
            if (acknowledgedBulks.incrementAndGet() == 3 && killed.compareAndSet(false, true)) {
              node.kill();
            }
          }
        };
    try (EvidenceIndex index = EvidenceIndex.open(config, spool, killAfterThreeBulks)) {
      IndexResult interrupted = index.index(run, List.of());
      assertTrue(killed.get());
      assertFalse(interrupted.complete(), interrupted.toString());
      assertEquals(1, interrupted.pendingSegments());
      assertTrue(interrupted.findings() > 0, "some findings arrived before the kill");
      assertTrue(interrupted.findings() < FINDINGS, interrupted.toString());
    }

    node.restart();
    Es es = new Es(node.url());
    long before = es.count(config.findingsStream(), null);
    assertTrue(before > 0 && before < FINDINGS, "history before replay: " + before);

    try (EvidenceIndex index = EvidenceIndex.open(config, spool)) {
      IndexResult replay = index.flush();
      assertTrue(replay.complete(), replay.toString());
      assertEquals(0, replay.pendingSegments());
      // What had arrived before the kill was recognised, not written again.
      assertEquals(before, replay.duplicates());
      assertEquals(FINDINGS - before, replay.findings());
    }

    assertEquals(FINDINGS, es.count(config.findingsStream(), null));
    assertEquals(FINDINGS, es.count(config.latestIndex(), null));
    assertEquals(1, es.count(config.runsIndex(), null));
    JsonNode duplicated =
        es.search(
            config.findingsStream(),
            "{\"size\":0,\"aggs\":{\"dups\":{\"terms\":{\"field\":\"vigil.finding_id\","
                + "\"min_doc_count\":2,\"size\":10}}}}");
    assertEquals(0, duplicated.path("aggregations").path("dups").path("buckets").size());
    for (Finding f :
        List.of(findings.get(0), findings.get(FINDINGS / 2), findings.get(FINDINGS - 1))) {
      JsonNode v = es.doc(config.latestIndex(), f.id()).path("vigil");
      assertEquals(f.status().wire(), v.path("status").asText());
      assertEquals(at.toString(), v.path("first_seen").asText());
    }
  }
}
