package dev.vigil.bench.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Provenance;
import dev.vigil.index.EvidenceIndex;
import dev.vigil.index.IndexConfig;
import dev.vigil.index.IndexResult;
import dev.vigil.index.internal.Documents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 7 target: index 200,000 findings at no less than 80% of the throughput of posting the same
 * documents with raw {@code _bulk} requests of the same size (operations per request) and the same
 * concurrency to the same node, and at least 10,000 findings/s.
 *
 * <p>{@code vigilIndex} is the whole {@link EvidenceIndex#index} call: building ECS documents,
 * writing the spool segment to disk, latest-state look-ups, the client's bulk ingester. {@code
 * rawBulk} posts pre-built NDJSON bodies of the same operations (history create + latest-state
 * upsert per finding) with the JDK HTTP client. Each iteration writes under a fresh index prefix.
 * Needs a node: {@code -Dvigil.bench.es=http://127.0.0.1:9200} (bench/index.sh starts one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class IndexThroughputBenchmark {
  static int FINDINGS = Integer.getInteger("vigil.bench.findings", 200_000);
  private static final int OPS_PER_REQUEST = 1000;
  private static final int CONCURRENCY = 2;
  private static final AtomicInteger ITERATION = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

  private URI es;
  private Assessment assessment;
  private Path spoolRoot;
  private IndexConfig config;
  private List<byte[]> rawBodies;
  private HttpClient http;
  private final ObjectMapper mapper = JsonMapper.builder().build();

  @Setup(Level.Trial)
  public void trial() throws IOException {
    es = URI.create(System.getProperty("vigil.bench.es", "http://127.0.0.1:9200"));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    spoolRoot = Files.createTempDirectory("vigil-bench-spool-");
    assessment = assessment(FINDINGS);
  }

  /** 100 targets, each 2,000 findings over 20 rules and 100 accounts; a third of them fail. */
  static Assessment assessment(int n) {
    Instant at = Instant.parse("2026-11-25T10:00:00Z");
    List<Target> targets = new ArrayList<>();
    List<Finding> findings = new ArrayList<>(n);
    int perTarget = 2000;
    for (int i = 0; i < n; i++) {
      int t = i / perTarget;
      if (targets.size() <= t) {
        targets.add(Target.parse("ssh://root@web" + t + ":22"));
      }
      int r = (i % perTarget) / 100;
      findings.add(
          Finding.builder(
                  RuleId.of("accounts.rule-" + r),
                  "web" + t,
                  new ResourceRef("account", "user" + (i % 100)))
              .title("Account setting " + r + " is compliant")
              .status(i % 3 == 0 ? Status.FAIL : Status.PASS)
              .severity(Severity.values()[r % Severity.values().length])
              .controls(List.of(ControlId.parse("IA-5(1)"), ControlId.parse("AC-" + (r % 20 + 1))))
              .observed("99999")
              .expected("<= 60")
              .evidence(List.of(Provenance.file("/etc/shadow", "ef".repeat(32), 4096, at)))
              .remediation("Set the account's maximum password age to 60 days or less")
              .build());
    }
    return new Assessment(
        "20261125T100000Z-bench",
        "bench",
        at,
        at.plusSeconds(60),
        targets,
        "nist-moderate",
        new TreeMap<>(Map.of("max_password_age_days", "60")),
        findings,
        List.of(),
        List.of());
  }

  @Setup(Level.Iteration)
  public void iteration() throws Exception {
    String prefix = "bench" + RUN + "-" + ITERATION.incrementAndGet();
    config =
        IndexConfig.of(es)
            .withPrefix(prefix)
            .withBulk(OPS_PER_REQUEST, 5L * 1024 * 1024, CONCURRENCY);
    try (EvidenceIndex index = EvidenceIndex.open(config, spoolRoot.resolve(prefix))) {
      // Same templates (mappings) for the raw baseline; installing them is not what is measured.
      index.installTemplates();
    }
    rawBodies = rawBodies(config);
  }

  /** The operations vigil sends for a first run, as NDJSON bodies of OPS_PER_REQUEST each. */
  private List<byte[]> rawBodies(IndexConfig c) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream(4 << 20);
    int ops = 0;
    Instant at = assessment.startedAt();
    Map<String, Object> host = new LinkedHashMap<>();
    for (Finding f : assessment.findings()) {
      host.put("name", f.target());
      Map<String, Object> doc = Documents.finding(assessment, f, at, host, Map.of(), "ssh");
      @SuppressWarnings("unchecked")
      Map<String, Object> vigil = (Map<String, Object>) doc.get("vigil");
      vigil.put("first_seen", at.toString());
      String historyId = Documents.historyId(assessment.runId(), f.id());
      line(body, Map.of("create", Map.of("_index", c.findingsStream(), "_id", historyId)));
      line(body, withoutNulls(doc));
      vigil.put("last_seen", at.toString());
      vigil.put("last_change", at.toString());
      line(body, Map.of("update", Map.of("_index", c.latestIndex(), "_id", f.id())));
      Map<String, Object> action = new LinkedHashMap<>();
      action.put("doc", doc);
      action.put("doc_as_upsert", true);
      line(body, action);
      ops += 2;
      if (ops >= OPS_PER_REQUEST) {
        bodies.add(body.toByteArray());
        body.reset();
        ops = 0;
      }
    }
    if (ops > 0) {
      bodies.add(body.toByteArray());
    }
    return bodies;
  }

  @SuppressWarnings("unchecked")
  private static Object withoutNulls(Object v) {
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        if (e.getValue() != null) {
          out.put(e.getKey(), withoutNulls(e.getValue()));
        }
      }
      return out;
    }
    return v;
  }

  private void line(ByteArrayOutputStream out, Object value) throws IOException {
    out.write(mapper.writeValueAsBytes(value));
    out.write('\n');
  }

  @Benchmark
  public IndexResult vigilIndex() {
    try (EvidenceIndex index = EvidenceIndex.open(config, spoolRoot.resolve(config.prefix()))) {
      IndexResult r = index.index(assessment, List.of());
      if (!r.complete() || r.findings() != FINDINGS) {
        throw new IllegalStateException("incomplete: " + r);
      }
      return r;
    }
  }

  @Benchmark
  public int rawBulk() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      for (int t = 0; t < CONCURRENCY; t++) {
        results.add(
            pool.submit(
                () -> {
                  int errors = 0;
                  for (int i = next.getAndIncrement();
                      i < rawBodies.size();
                      i = next.getAndIncrement()) {
                    HttpRequest req =
                        HttpRequest.newBuilder(es.resolve("/_bulk"))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(rawBodies.get(i)))
                            .build();
                    HttpResponse<String> resp =
                        http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() != 200
                        || resp.body().startsWith("{\"errors\":true")
                        || resp.body().contains("\"errors\":true")) {
                      errors++;
                    }
                  }
                  return errors;
                }));
      }
      int errors = 0;
      for (Future<Integer> f : results) {
        errors += f.get();
      }
      if (errors > 0) {
        throw new IllegalStateException(errors + " raw bulk requests had errors");
      }
      return rawBodies.size();
    } finally {
      pool.shutdown();
    }
  }

  @TearDown(Level.Iteration)
  public void dropIndices() throws Exception {
    // Data streams cannot be deleted in the integ-test distribution; the latest-state and runs
    // indices can, which keeps each iteration's upserts going into an empty index.
    send(
        "DELETE",
        "/" + config.latestIndex() + "," + config.runsIndex() + "?ignore_unavailable=true");
  }

  private void send(String method, String path) throws Exception {
    http.send(
        HttpRequest.newBuilder(es.resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  @TearDown(Level.Trial)
  public void cleanSpool() throws IOException {
    try (var s = Files.walk(spoolRoot)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Runs raw and vigil alternately, {@code rounds} times each, so that both see the same load on a
   * shared machine; prints the median findings/s of each and their ratio. Arguments: ES URL,
   * findings, rounds.
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("vigil.bench.es", args[0]);
    FINDINGS = args.length > 1 ? Integer.parseInt(args[1]) : FINDINGS;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    IndexThroughputBenchmark b = new IndexThroughputBenchmark();
    b.trial();
    List<Double> raw = new ArrayList<>();
    List<Double> vigil = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      for (int side = 0; side < 2; side++) {
        boolean doRaw = (side + round) % 2 == 0;
        b.iteration();
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        if (doRaw) {
          b.rawBulk();
        } else {
          b.vigilIndex();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        b.dropIndices();
        double rate = FINDINGS / secs;
        String what = doRaw ? "raw _bulk" : "vigil index";
        if (round == 0) {
          System.out.printf(
              "warm-up   %-12s %,10.0f findings/s (%.1f s, client CPU %.1f s)%n",
              what, rate, secs, cpu);
        } else {
          System.out.printf(
              "round %d   %-12s %,10.0f findings/s (%.1f s, client CPU %.1f s)%n",
              round, what, rate, secs, cpu);
          (doRaw ? raw : vigil).add(rate);
        }
      }
    }
    b.cleanSpool();
    double r = median(raw);
    double v = median(vigil);
    System.out.printf("%nfindings per run: %,d; rounds: %d%n", FINDINGS, rounds);
    System.out.printf("raw _bulk baseline (median): %,10.0f findings/s%n", r);
    System.out.printf("vigil EvidenceIndex (median): %,10.0f findings/s%n", v);
    System.out.printf(
        "ratio vigil/raw: %.2f (target >= 0.80; absolute target >= 10,000 findings/s)%n", v / r);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
