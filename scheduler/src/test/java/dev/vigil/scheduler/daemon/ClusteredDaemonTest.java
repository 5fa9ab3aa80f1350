package dev.vigil.scheduler.daemon;

import static dev.vigil.scheduler.daemon.Fixtures.await;
import static dev.vigil.scheduler.daemon.Fixtures.journal;
import static dev.vigil.scheduler.daemon.Fixtures.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vigil serve} processes on one real PostgreSQL (started by the test). Needs the Debian
 * package {@code postgresql}; fails without it when {@code CI=true}.
 */
class ClusteredDaemonTest {
  private static final Duration PATIENCE = Duration.ofSeconds(180);
  private static Postgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private Path config(String schema, String targets, String cron) throws Exception {
    Path f = dir.resolve("vigil.yaml");
    Files.writeString(
        f,
        """
        targets:
        %s
        groups:
          g: {schedule: "%s", timeout: 60s}
        outputs: {archive: out}
        cluster:
          jdbc-url: "%s?currentSchema=%s"
          user: %s
          password-file: %s
          checkin-interval: 1s
        daemon: {threads: 2, shutdown-timeout: 60s}
        """
            .formatted(targets, cron, pg.jdbcUrl(), schema, Postgres.USER, pg.passwordFile()));
    try (Connection c =
        DriverManager.getConnection(pg.jdbcUrl(), Postgres.USER, Postgres.PASSWORD)) {
      c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
    return f;
  }

  @Test
  void twoNodesShareTheScheduleAndRunEachFireExactlyOnce() throws Exception {
    StringBuilder targets = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      targets.append(
          "  - {name: t%d, address: \"root:%s\", groups: [g]}\n"
              .formatted(i, root(i % 2 == 0 ? "weak" : "hardened")));
    }
    Path config = config("shared", targets.toString(), "0/2 * * * * ?");
    Path out = dir.resolve("out");
    try (Nodes nodes = new Nodes(dir)) {
      Nodes.Node a = nodes.start("a", config, 300);
      Nodes.Node b = nodes.start("b", config, 300);
      await(
          PATIENCE,
          "both nodes ready\n" + a.output() + b.output(),
          () -> a.nodeId().isPresent() && b.nodeId().isPresent());
      await(
          PATIENCE,
          "24 finished scans",
          () -> journal(out).stream().filter(r -> r.event().equals("finished")).count() >= 24);
      a.process().destroy();
      b.process().destroy();
      assertTrue(a.process().waitFor(120, TimeUnit.SECONDS));
      assertTrue(b.process().waitFor(120, TimeUnit.SECONDS));
    }
    List<RunRecord> records = journal(out);
    Map<String, Long> startsPerFire = perFire(records, "started");
    Map<String, Long> donePerFire = perFire(records, "finished");
    assertTrue(donePerFire.size() >= 24);
    startsPerFire.forEach(
        (fire, n) -> assertEquals(1L, n, "fire " + fire + " started " + n + " times"));
    donePerFire.forEach((fire, n) -> assertEquals(1L, n, "fire " + fire + " ran " + n + " times"));
    assertEquals(
        0, records.stream().filter(r -> r.event().equals("failed")).count(), records.toString());
    // the schedule lives in PostgreSQL: Quartz's tables were created there
    try (Connection c =
            DriverManager.getConnection(
                pg.jdbcUrl() + "?currentSchema=shared", Postgres.USER, Postgres.PASSWORD);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM qrtz_cron_triggers")) {
      assertTrue(rs.next());
      assertEquals(4, rs.getInt(1));
    }
  }

  @Test
  void killingTheNodeMidScanLetsTheOtherNodeFinishThatScan() throws Exception {
    Path config =
        config(
            "recovery",
            "  - {name: slow, address: \"root:%s\", groups: [g]}\n".formatted(root("hardened")),
            "0/3 * * * * ?");
    Path out = dir.resolve("out");
    try (Nodes nodes = new Nodes(dir)) {
      Nodes.Node a = nodes.start("a", config, 8000);
      Nodes.Node b = nodes.start("b", config, 8000);
      await(
          PATIENCE,
          "both nodes ready\n" + a.output() + b.output(),
          () -> a.nodeId().isPresent() && b.nodeId().isPresent());
      await(PATIENCE, "a scan to start", () -> first(out, "started", Optional.empty()).isPresent());
      RunRecord started = first(out, "started", Optional.empty()).get();
      Nodes.Node victim = started.node().equals(a.nodeId().get()) ? a : b;
      Nodes.Node survivor = victim == a ? b : a;
      victim.process().destroyForcibly(); // SIGKILL, mid-scan
      assertTrue(victim.process().waitFor(60, TimeUnit.SECONDS));
      Instant fire = started.scheduled();
      await(
          PATIENCE,
          "the survivor to finish the fire of " + fire + "\n" + survivor.output(),
          () ->
              journal(out).stream()
                  .anyMatch(r -> r.event().equals("finished") && r.scheduled().equals(fire)));
      survivor.process().destroy();
      assertTrue(survivor.process().waitFor(120, TimeUnit.SECONDS));
      List<RunRecord> forFire =
          journal(out).stream().filter(r -> r.scheduled().equals(fire)).toList();
      List<RunRecord> finished =
          forFire.stream().filter(r -> r.event().equals("finished")).toList();
      assertEquals(1, finished.size(), forFire.toString());
      assertEquals(survivor.nodeId().get(), finished.get(0).node());
      assertNotEquals(started.node(), finished.get(0).node());
      assertTrue(finished.get(0).recovering(), "the survivor re-ran it as a recovery");
      assertFalse(
          forFire.stream()
              .anyMatch(r -> r.node().equals(started.node()) && !r.event().equals("started")),
          "the killed node never finished it");
    }
  }

  private static Optional<RunRecord> first(Path out, String event, Optional<String> node) {
    return journal(out).stream()
        .filter(r -> r.event().equals(event))
        .filter(r -> node.isEmpty() || r.node().equals(node.get()))
        .findFirst();
  }

  private static Map<String, Long> perFire(List<RunRecord> records, String event) {
    return records.stream()
        .filter(r -> r.event().equals(event))
        .collect(
            Collectors.groupingBy(r -> r.target() + "@" + r.scheduled(), Collectors.counting()));
  }
}
