package dev.vigil.scheduler.daemon;

import static dev.vigil.scheduler.daemon.Fixtures.await;
import static dev.vigil.scheduler.daemon.Fixtures.count;
import static dev.vigil.scheduler.daemon.Fixtures.journal;
import static dev.vigil.scheduler.daemon.Fixtures.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.reports.EvidenceArchive;
import dev.vigil.scheduler.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private Config twoTargets(String cron, String timeout, String extra) throws Exception {
    return Fixtures.config(
        dir,
        """
        targets:
          - {name: hardened, address: "root:%s", groups: [fast]}
          - {name: weak, address: "root:%s", groups: [fast]}
        groups:
          fast: {schedule: "%s", profile: default, timeout: %s}
        outputs:
          archive: out
        daemon: {threads: 4, shutdown-timeout: 60s}
        %s
        """
            .formatted(root("hardened"), root("weak"), cron, timeout, extra));
  }

  private DaemonOptions options(Fixtures.SlowPipeline slow) {
    return DaemonOptions.defaults("test").withShutdownHook(false).withPipeline(slow.pipeline);
  }

  @Test
  void everySecondScheduleWritesRunsAndNeverScansATargetTwiceAtOnce() throws Exception {
    Config config = twoTargets("* * * * * ?", "60s", "");
    // each scan takes longer than the schedule's period: fires pile up on a busy target
    Fixtures.SlowPipeline slow = new Fixtures.SlowPipeline(Duration.ofMillis(1500));
    Path out = config.outputs().archive();
    try (Daemon daemon = Daemon.start(config, options(slow))) {
      await(
          PATIENCE,
          "three finished scans of each target",
          () -> {
            Map<String, Long> done =
                journal(out).stream()
                    .filter(r -> r.event().equals("finished"))
                    .collect(Collectors.groupingBy(RunRecord::target, Collectors.counting()));
            return done.getOrDefault("hardened", 0L) >= 3 && done.getOrDefault("weak", 0L) >= 3;
          });
      daemon.stop();
      assertTrue(daemon.metrics().scans() >= 6);
    }
    assertEquals(1, slow.maxRunning.get("hardened").get(), "hardened scanned twice at once");
    assertEquals(1, slow.maxRunning.get("weak").get(), "weak scanned twice at once");
    List<RunRecord> records = journal(out);
    // per target, every start follows the previous scan's end
    for (String target : List.of("hardened", "weak")) {
      List<RunRecord> mine = records.stream().filter(r -> r.target().equals(target)).toList();
      String open = null;
      for (RunRecord r : mine) {
        if (r.event().equals("started")) {
          assertEquals(null, open, target + " started again before its scan ended");
          open = r.scheduled().toString();
        } else if (r.event().equals("finished") || r.event().equals("failed")) {
          assertEquals(open, r.scheduled().toString());
          open = null;
        }
      }
    }
    List<Path> runs = new EvidenceArchive(out).runDirs();
    assertTrue(Files.isRegularFile(out.resolve("index.html")), "the archive index is written");
    long finished = records.stream().filter(r -> r.event().equals("finished")).count();
    assertEquals(finished, runs.size(), "one archive run per finished scan");
    assertTrue(
        records.stream()
            .filter(r -> r.event().equals("finished"))
            .allMatch(
                r -> r.runId().isPresent() && Files.isDirectory(out.resolve(r.runId().get()))));
  }

  @Test
  void onceScansEveryTargetOfEveryGroupAndReturns() throws Exception {
    Config config =
        Fixtures.config(
            dir,
            """
            targets:
              - {name: hardened, address: "root:%s", groups: [a, b]}
              - {name: weak, address: "root:%s", groups: [a]}
            groups:
              a: {schedule: "0 0 3 * * ?"}
              b: {schedule: "0 0 4 * * ?", profile: nist-moderate}
            outputs: {archive: out}
            """
                .formatted(root("hardened"), root("weak")));
    OnceResult result =
        Daemon.runOnce(config, DaemonOptions.defaults("test").withShutdownHook(false));
    assertEquals(3, result.records().size());
    assertEquals(0, result.failed(), result.records().toString());
    assertEquals(0, result.exitCode());
    assertEquals(3, new EvidenceArchive(config.outputs().archive()).runDirs().size());
    assertTrue(result.records().stream().allMatch(r -> !r.findings().isEmpty()));
    assertTrue(
        result.records().stream()
            .anyMatch(r -> r.target().equals("weak") && r.findings().containsKey("fail")),
        result.records().toString());
  }

  @Test
  void stopWaitsForTheRunningScanToFinish() throws Exception {
    Config config = twoTargets("* * * * * ?", "60s", "");
    Fixtures.SlowPipeline slow = new Fixtures.SlowPipeline(Duration.ofSeconds(4));
    Path out = config.outputs().archive();
    Daemon daemon = Daemon.start(config, options(slow));
    await(PATIENCE, "a scan to start", () -> count(out, "started") >= 1);
    daemon.stop(); // what the SIGTERM hook calls
    List<RunRecord> records = journal(out);
    long started = records.stream().filter(r -> r.event().equals("started")).count();
    long ended =
        records.stream()
            .filter(r -> r.event().equals("finished") || r.event().equals("failed"))
            .count();
    assertTrue(started >= 1);
    assertEquals(started, ended, "every started scan ended before stop() returned: " + records);
    assertEquals(
        0, records.stream().filter(r -> r.event().equals("failed")).count(), records.toString());
    assertEquals(0, daemon.metrics().running());
  }

  @Test
  void hungScanIsInterruptedAtItsTimeoutAndCountsAsFailed() throws Exception {
    Config config = twoTargets("0 0 3 * * ?", "1s", "");
    Fixtures.SlowPipeline slow = new Fixtures.SlowPipeline(Duration.ofMinutes(10));
    OnceResult result = Daemon.runOnce(config, options(slow));
    assertEquals(2, result.failed());
    assertEquals(3, result.exitCode());
    assertTrue(
        result.records().stream().allMatch(r -> r.error().orElse("").contains("timed out")),
        result.records().toString());
  }

  @Test
  void fireMissedWhileTheDaemonWasDownRunsOnceAndIsCounted() throws Exception {
    Config config = twoTargets("0 0 0 * * ?", "60s", "");
    Path out = config.outputs().archive();
    // the daemon last fired the midnight schedule three days ago, then was down
    Instant threeDaysAgo =
        Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    Files.createDirectories(out.resolve(".vigil"));
    Files.writeString(
        out.resolve(".vigil/schedule.properties"),
        "hardened@fast=" + threeDaysAgo.toEpochMilli() + "|0 0 0 * * ?|UTC\n");
    Fixtures.SlowPipeline slow = new Fixtures.SlowPipeline(Duration.ZERO);
    try (Daemon daemon = Daemon.start(config, options(slow))) {
      await(PATIENCE, "the missed fire to run", () -> count(out, "finished") >= 1);
      daemon.stop();
      assertEquals(1, daemon.metrics().misfires());
    }
    List<RunRecord> records = journal(out);
    assertEquals(1, records.stream().filter(r -> r.event().equals("misfired")).count());
    List<RunRecord> done = records.stream().filter(r -> r.event().equals("finished")).toList();
    assertEquals(1, done.size(), records.toString());
    assertEquals("hardened", done.get(0).target());
    // the state file now remembers this fire
    assertTrue(
        Files.readString(out.resolve(".vigil/schedule.properties")).contains("hardened@fast="));
  }

  @Test
  void healthAndMetricsAreServedOnLoopback() throws Exception {
    Config config = twoTargets("* * * * * ?", "60s", "http: {listen: \"127.0.0.1:0\"}");
    Fixtures.SlowPipeline slow = new Fixtures.SlowPipeline(Duration.ZERO);
    Path out = config.outputs().archive();
    HttpClient client = HttpClient.newHttpClient();
    try (Daemon daemon = Daemon.start(config, options(slow))) {
      URI base = URI.create("http://127.0.0.1:" + daemon.httpAddress().get().getPort());
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(base.resolve("/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals("ok\n", health.body());
      await(PATIENCE, "two finished scans", () -> count(out, "finished") >= 2);
      HttpResponse<String> metrics =
          client.send(
              HttpRequest.newBuilder(base.resolve("/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metrics.statusCode());
      assertTrue(
          metrics
              .headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("text/plain; version=0.0.4"));
      String body = metrics.body();
      assertTrue(body.contains("# TYPE vigil_scans_total counter"), body);
      assertTrue(body.matches("(?s).*\\nvigil_scans_total [1-9][0-9]*\\n.*"), body);
      assertTrue(body.contains("vigil_findings_total{status=\"fail\"}"), body);
      assertTrue(body.contains("vigil_scan_duration_seconds_count"), body);
      assertTrue(body.contains("vigil_misfires_total 0"), body);
    }
  }

  @Test
  void unreachableElasticsearchSpoolsTheRunsAndFailuresAlertTheFileSink() throws Exception {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Files.writeString(dir.resolve("es-key"), "aWQ6a2V5\n");
    Config config =
        Fixtures.config(
            dir,
            """
            targets:
              - {name: weak, address: "root:%s", groups: [fast]}
            groups:
              fast: {schedule: "* * * * * ?"}
            outputs:
              archive: out
              elasticsearch:
                urls: ["http://127.0.0.1:%d"]
                api-key-file: es-key
              alerts:
                sinks:
                  - {type: file, path: alerts.jsonl, format: ocsf}
            """
                .formatted(root("weak"), closed));
    Path out = config.outputs().archive();
    Fixtures.SlowPipeline slow = new Fixtures.SlowPipeline(Duration.ZERO);
    try (Daemon daemon = Daemon.start(config, options(slow))) {
      await(PATIENCE, "a finished scan", () -> count(out, "finished") >= 1);
      String metrics = daemon.metrics().prometheus();
      assertTrue(metrics.matches("(?s).*\\nvigil_spool_bytes [1-9][0-9]*\\n.*"), metrics);
      assertTrue(metrics.matches("(?s).*\\nvigil_alert_events_total [1-9][0-9]*\\n.*"), metrics);
    }
    List<String> events = Files.readAllLines(dir.resolve("alerts.jsonl"));
    assertTrue(!events.isEmpty());
    assertTrue(events.get(0).contains("\"class_uid\":2003"), events.get(0));
  }
}
