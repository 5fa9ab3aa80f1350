package dev.vigil.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.index.testing.ElasticsearchExtension;
import dev.vigil.index.testing.ElasticsearchNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ElasticsearchExtension.class)
class EvidenceIndexTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @TempDir Path archive;
  private ElasticsearchNode node;
  private Es es;
  private IndexConfig config;

  @BeforeEach
  void setUp(ElasticsearchNode node) {
    this.node = node;
    this.es = new Es(node.url());
    // Each test writes under its own prefix, so tests sharing the node do not see each other.
    this.config = IndexConfig.of(node.url()).withPrefix("t" + PREFIXES.incrementAndGet());
  }

  private final Instant run1At =
      Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  private final Instant run2At = run1At.plus(1, ChronoUnit.DAYS);
  private final Target web01 = Target.parse("ssh://root@web01:22");

  private Assessment firstRun() {
    return Scans.assessment(
        "20261123T100000Z-0001",
        run1At,
        List.of(web01),
        List.of(
            Scans.rootLogin("web01", Status.FAIL, run1At),
            Scans.passMaxDays("web01", Status.PASS, run1At)));
  }

  private Assessment secondRun() {
    return Scans.assessment(
        "20261124T100000Z-0002",
        run2At,
        List.of(web01),
        List.of(
            Scans.rootLogin("web01", Status.PASS, run2At),
            Scans.passMaxDays("web01", Status.PASS, run2At)));
  }

  @Test
  void templatesAreCreatedOnFirstUseAndInstallingAgainChangesNothing() throws Exception {
    try (EvidenceIndex index = EvidenceIndex.open(config, archive.resolve("es-spool"))) {
      assertFalse(index.status().templatesInstalled());
      IndexResult r = index.index(firstRun(), List.of(Scans.snapshot(web01, run1At)));
      assertTrue(r.complete(), r.toString());
      IndexStatus status = index.status();
      assertTrue(status.reachable());
      assertTrue(status.templatesInstalled(), status.templates().toString());
      assertEquals(List.of(), index.installTemplates());
    }
    JsonNode t = es.get("/_index_template/" + config.findingsStream());
    JsonNode template = t.path("index_templates").path(0).path("index_template");
    assertEquals(
        "400d", template.path("template").path("lifecycle").path("data_retention").asText());
    assertTrue(template.path("data_stream").isObject());
    assertEquals("vigil", template.path("_meta").path("managed_by").asText());
    // The history is a data stream; the latest state and the runs are plain indices.
    JsonNode mapping = es.get("/" + config.findingsStream() + "/_mapping");
    String backing = mapping.fieldNames().next();
    assertTrue(backing.startsWith(".ds-" + config.findingsStream()), backing);
    JsonNode evidence =
        mapping
            .path(backing)
            .path("mappings")
            .path("properties")
            .path("result")
            .path("properties")
            .path("evidence");
    assertEquals(false, evidence.path("enabled").asBoolean(true));
  }

  @Test
  void retentionIsConfigurable() throws Exception {
    IndexConfig c = config.withRetention(Duration.ofDays(90));
    try (EvidenceIndex index = EvidenceIndex.open(c, archive.resolve("es-spool"))) {
      index.installTemplates();
    }
    JsonNode t = es.get("/_index_template/" + c.alertsStream());
    assertEquals(
        "90d",
        t.path("index_templates")
            .path(0)
            .path("index_template")
            .path("template")
            .path("lifecycle")
            .path("data_retention")
            .asText());
  }

  @Test
  void scanIsIndexedAsEcsPostureFindings() throws Exception {
    Assessment a = firstRun();
    try (EvidenceIndex index = EvidenceIndex.open(config, archive.resolve("es-spool"))) {
      IndexResult r = index.index(a, List.of(Scans.snapshot(web01, run1At)));
      assertTrue(r.complete(), r.toString());
      assertEquals(2, r.findings());
      assertEquals(0, r.pendingSegments());
    }
    assertEquals(2, es.count(config.findingsStream(), null));
    assertEquals(2, es.count(config.latestIndex(), null));
    assertEquals(1, es.count(config.runsIndex(), null));

    Finding fail = a.findings().get(0);
    JsonNode hits =
        es.search(
                config.findingsStream(),
                "{\"query\":{\"term\":{\"vigil.finding_id\":\"" + fail.id() + "\"}}}")
            .path("hits")
            .path("hits");
    assertEquals(1, hits.size());
    JsonNode doc = hits.path(0).path("_source");
    assertEquals(run1At.toString(), doc.path("@timestamp").asText());
    assertEquals("state", doc.path("event").path("kind").asText());
    assertEquals("configuration", doc.path("event").path("category").path(0).asText());
    assertEquals("info", doc.path("event").path("type").path(0).asText());
    assertEquals("failure", doc.path("event").path("outcome").asText());
    assertEquals("web01", doc.path("host").path("name").asText());
    assertEquals("Debian GNU/Linux", doc.path("host").path("os").path("name").asText());
    assertEquals("sshd.permit-root-login", doc.path("rule").path("id").asText());
    assertEquals("SSH root login is disabled", doc.path("rule").path("name").asText());
    assertEquals("web01:host:host", doc.path("resource").path("id").asText());
    assertEquals("failed", doc.path("result").path("evaluation").asText());
    assertEquals("yes", doc.path("result").path("evidence").path("observed").asText());
    assertEquals(
        "/etc/ssh/sshd_config",
        doc.path("result").path("evidence").path("sources").path(0).path("source").asText());
    assertEquals(
        "no or prohibit-password", doc.path("result").path("expected").path("value").asText());
    JsonNode vigil = doc.path("vigil");
    assertEquals(a.runId(), vigil.path("run_id").asText());
    assertEquals("fail", vigil.path("status").asText());
    assertEquals("high", vigil.path("severity").asText());
    assertEquals("AC-6(2)", vigil.path("controls").path(0).asText());
    assertEquals("AC", vigil.path("control_families").path(0).asText());
    assertEquals(fail.id(), vigil.path("finding_id").asText());
    assertEquals(run1At.toString(), vigil.path("first_seen").asText());
    assertFalse(vigil.path("waived").asBoolean());
    // Absent optional values are left out of the history, not written as null.
    assertFalse(vigil.has("waiver"));

    // ECS queries work on the mapped fields; the evidence is stored but not searchable.
    assertEquals(
        1, es.count(config.findingsStream(), "{\"term\":{\"event.outcome\":\"failure\"}}"));
    assertEquals(
        1, es.count(config.findingsStream(), "{\"term\":{\"vigil.controls\":\"IA-5(1)\"}}"));
    assertEquals(
        0,
        es.count(
            config.findingsStream(),
            "{\"term\":{\"result.evidence.sources.source\":\"/etc/ssh/sshd_config\"}}"));

    JsonNode run = es.doc(config.runsIndex(), a.runId());
    assertEquals(1, run.path("vigil").path("counts").path("fail").asInt());
    assertEquals(1, run.path("vigil").path("counts").path("pass").asInt());
    assertEquals("web01", run.path("vigil").path("targets").path(0).asText());
  }

  @Test
  void latestStateReflectsAFixBetweenTwoRuns() throws Exception {
    Finding rootLogin = firstRun().findings().get(0);
    try (EvidenceIndex index = EvidenceIndex.open(config, archive.resolve("es-spool"))) {
      assertTrue(index.index(firstRun(), List.of()).complete());
      JsonNode before = es.doc(config.latestIndex(), rootLogin.id());
      assertEquals("fail", before.path("vigil").path("status").asText());
      assertEquals(run1At.toString(), before.path("vigil").path("last_change").asText());

      assertTrue(index.index(secondRun(), List.of()).complete());
    }
    JsonNode latest = es.doc(config.latestIndex(), rootLogin.id());
    JsonNode v = latest.path("vigil");
    assertEquals("pass", v.path("status").asText());
    assertEquals("fail", v.path("previous_status").asText());
    assertEquals(run1At.toString(), v.path("first_seen").asText());
    assertEquals(run2At.toString(), v.path("last_seen").asText());
    assertEquals(run2At.toString(), v.path("last_change").asText());
    assertEquals("success", latest.path("event").path("outcome").asText());
    assertEquals("20261124T100000Z-0002", v.path("run_id").asText());

    // The unchanged finding keeps its first change.
    Finding unchanged = firstRun().findings().get(1);
    JsonNode same = es.doc(config.latestIndex(), unchanged.id()).path("vigil");
    assertEquals(run1At.toString(), same.path("last_change").asText());
    assertEquals(run2At.toString(), same.path("last_seen").asText());

    assertEquals(2, es.count(config.latestIndex(), null));
    assertEquals(4, es.count(config.findingsStream(), null));
    assertEquals(2, es.count(config.latestIndex(), "{\"term\":{\"vigil.status\":\"pass\"}}"));
  }

  @Test
  void historyReturnsBothRunsPerControl() throws Exception {
    try (EvidenceIndex index = EvidenceIndex.open(config, archive.resolve("es-spool"))) {
      assertTrue(index.index(firstRun(), List.of()).complete());
      assertTrue(index.index(secondRun(), List.of()).complete());
      index.refresh();
      ControlHistory h = index.history("web01", IndexConfig.parseDuration("30d"));
      assertEquals(2, h.runs().size());
      assertEquals("20261123T100000Z-0001", h.runs().get(0).runId());
      assertEquals(run1At, h.runs().get(0).at());
      assertEquals("20261124T100000Z-0002", h.runs().get(1).runId());

      List<ControlHistory.Point> ac62 = h.controls().get("AC-6(2)");
      assertEquals(2, ac62.size());
      assertEquals(ControlStatus.OTHER_THAN_SATISFIED, ac62.get(0).status());
      assertEquals(1, ac62.get(0).failed());
      assertEquals(ControlStatus.SATISFIED, ac62.get(1).status());
      assertEquals(1, ac62.get(1).passed());
      List<ControlHistory.Point> ia51 = h.controls().get("IA-5(1)");
      assertEquals(ControlStatus.SATISFIED, ia51.get(0).status());
      assertEquals(ControlStatus.SATISFIED, ia51.get(1).status());

      // A window that ends before the first run sees only the second.
      ControlHistory recent =
          index.history("web01", Duration.between(run2At.minusSeconds(60), Instant.now()));
      assertEquals(1, recent.runs().size());
      assertEquals(0, index.history("db01", Duration.ofDays(30)).runs().size());
    }
  }

  @Test
  void unreachableClusterSpoolsTheRunAndFlushReplaysItOnce() throws Exception {
    Path spool = archive.resolve("es-spool");
    IndexConfig down =
        IndexConfig.of(URI.create("http://127.0.0.1:" + freePort()))
            .withPrefix(config.prefix())
            .withRetries(1, Duration.ofMillis(10));
    try (EvidenceIndex index = EvidenceIndex.open(down, spool)) {
      IndexResult r1 = index.index(firstRun(), List.of());
      assertFalse(r1.complete());
      assertEquals(1, r1.pendingSegments());
      assertTrue(r1.error().isPresent());
      IndexResult r2 = index.index(secondRun(), List.of());
      assertEquals(2, r2.pendingSegments());
      IndexStatus s = index.status();
      assertFalse(s.reachable());
      assertEquals(2, s.spoolSegments());
      assertTrue(s.spoolBytes() > 0);
    }
    try (EvidenceIndex index = EvidenceIndex.open(config, spool)) {
      IndexResult r = index.flush();
      assertTrue(r.complete(), r.toString());
      assertEquals(2, r.replayedSegments());
      assertEquals(4, r.findings());
      assertEquals(0, index.flush().replayedSegments());
    }
    assertEquals(4, es.count(config.findingsStream(), null));
    assertEquals(2, es.count(config.runsIndex(), null));
    // Replayed in order: the latest state is the second run's, with the change between them.
    JsonNode v = es.doc(config.latestIndex(), firstRun().findings().get(0).id()).path("vigil");
    assertEquals("pass", v.path("status").asText());
    assertEquals(run2At.toString(), v.path("last_change").asText());
    assertEquals(run1At.toString(), v.path("first_seen").asText());
  }

  @Test
  void replayingAnAlreadyIndexedRunWritesNothingTwice() throws Exception {
    Path spool = archive.resolve("es-spool");
    try (EvidenceIndex index = EvidenceIndex.open(config, spool)) {
      assertTrue(index.index(firstRun(), List.of()).complete());
      // The same run again, as if the first attempt's acknowledgement had been lost.
      IndexResult again = index.index(firstRun(), List.of());
      assertTrue(again.complete());
      assertEquals(0, again.findings());
      assertEquals(2, again.duplicates());
    }
    assertEquals(2, es.count(config.findingsStream(), null));
    JsonNode v = es.doc(config.latestIndex(), firstRun().findings().get(0).id()).path("vigil");
    assertEquals(run1At.toString(), v.path("last_change").asText());
  }

  @Test
  void alertsGoToTheAlertsStreamOnce() throws Exception {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("@timestamp", run2At.toString());
    event.put("message", "AC-6(2) started failing on web01");
    event.put(
        "event",
        Map.of("kind", "alert", "category", List.of("configuration"), "type", List.of("change")));
    event.put("host", Map.of("name", "web01"));
    event.put("rule", Map.of("id", "sshd.permit-root-login"));
    try (EvidenceIndex index = EvidenceIndex.open(config, archive.resolve("es-spool"))) {
      assertTrue(index.indexAlerts(List.of(event)).complete());
      IndexResult again = index.indexAlerts(List.of(event));
      assertEquals(1, again.duplicates());
    }
    assertEquals(1, es.count(config.alertsStream(), null));
    assertEquals(1, es.count(config.alertsStream(), "{\"term\":{\"event.kind\":\"alert\"}}"));
  }

  @Test
  void apiKeyNeverAppearsInResultsStatusOrLogs() throws Exception {
    String secret = "c2VjcmV0LWtleS1uZXZlci1sb2dnZWQ6eHl6";
    Path keyFile = archive.resolve("es-api-key");
    Files.writeString(keyFile, secret + "\n");
    IndexConfig c =
        IndexConfig.of(URI.create("http://127.0.0.1:" + freePort()))
            .withPrefix(config.prefix())
            .withRetries(0, Duration.ofMillis(10))
            .withCredentials(new Credentials.ApiKey(SecretSource.file(keyFile)));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String everything;
    try (EvidenceIndex index = EvidenceIndex.open(c, archive.resolve("es-spool"))) {
      IndexResult r = index.index(firstRun(), List.of());
      IndexStatus s = index.status();
      everything = r + "\n" + s + "\n" + c;
    } finally {
      System.setErr(err);
    }
    everything += captured.toString(StandardCharsets.UTF_8);
    assertFalse(everything.contains(secret), everything);
    assertTrue(c.toString().contains("file:" + keyFile), c.toString());
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
