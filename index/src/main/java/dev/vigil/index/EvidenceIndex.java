package dev.vigil.index;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Digests;
import dev.vigil.core.Finding;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import dev.vigil.index.internal.Connection;
import dev.vigil.index.internal.Documents;
import dev.vigil.index.internal.Replayer;
import dev.vigil.index.internal.Spool;
import dev.vigil.index.internal.Templates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vigil's Elasticsearch sink: the findings history data stream, the latest-state index, the runs
 * index and the alerts data stream, with an on-disk spool so that nothing is lost when the cluster
 * is down.
 *
 * <p>Every write goes through the spool first: the documents of a run are written to a new spool
 * segment (forced to disk), then every segment is written to Elasticsearch in order, oldest first,
 * and deleted once Elasticsearch acknowledged all of it. When the cluster is unreachable or keeps
 * failing, the segment stays and later ones wait behind it; the next {@link #index}, {@link
 * #indexAlerts} or {@link #flush} replays them in order. Ids are deterministic, so a replay of a
 * segment that was half written neither duplicates nor loses documents.
 *
 * <p>Thread-safe; calls are serialised, also with other processes using the same spool directory.
 * Templates are installed on first use.
 */
public final class EvidenceIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceIndex.class);

  private final IndexConfig config;
  private final Spool spool;
  private final Connection connection;
  private final ObjectMapper mapper;
  private final Replayer replayer;
  private boolean templatesInstalled;

  private EvidenceIndex(IndexConfig config, Path spoolDirectory, IndexListener listener) {
    this.config = requireNonNull(config, "config");
    this.spool = new Spool(requireNonNull(spoolDirectory, "spoolDirectory"));
    this.mapper = JsonMapper.builder().build();
    ObjectMapper withoutNulls =
        JsonMapper.builder().configure(JsonNodeFeature.WRITE_NULL_PROPERTIES, false).build();
    this.connection = Connection.open(config, mapper);
    this.replayer =
        new Replayer(
            connection, config, spool, requireNonNull(listener, "listener"), mapper, withoutNulls);
  }

  /**
   * Opens the index; does not contact the cluster. Throws {@link IllegalStateException} when the
   * configured secret or CA certificate cannot be read (a configuration error).
   *
   * @param spoolDirectory where documents wait when Elasticsearch cannot take them; a directory
   *     under the evidence archive ({@code <archive>/es-spool})
   */
  public static EvidenceIndex open(IndexConfig config, Path spoolDirectory) {
    return new EvidenceIndex(config, spoolDirectory, IndexListener.NONE);
  }

  public static EvidenceIndex open(
      IndexConfig config, Path spoolDirectory, IndexListener listener) {
    return new EvidenceIndex(config, spoolDirectory, listener);
  }

  public IndexConfig config() {
    return config;
  }

  public Path spoolDirectory() {
    return spool.directory();
  }

  /**
   * Indexes one run without a manifest reference. See {@link #index(Assessment, List, Optional,
   * Optional)}.
   */
  public IndexResult index(Assessment assessment, List<Snapshot> snapshots) {
    return index(assessment, snapshots, Optional.empty(), Optional.empty());
  }

  /**
   * Indexes one run: a history document per finding, the latest-state document of each finding, and
   * the run document. Never throws because Elasticsearch is down or refuses the writes: the
   * documents then stay in the spool and the result says so. Throws only on misuse (null
   * arguments).
   *
   * @param snapshots the snapshots of the run, for the time each target was observed and its {@code
   *     host.*} fields; may be empty
   * @param manifestSha256 the SHA-256 of the evidence archive's manifest of this run
   * @param manifestSignature the manifest's signature, as the archive stores it
   */
  public synchronized IndexResult index(
      Assessment assessment,
      List<Snapshot> snapshots,
      Optional<String> manifestSha256,
      Optional<String> manifestSignature) {
    requireNonNull(assessment, "assessment");
    requireNonNull(snapshots, "snapshots");
    requireNonNull(manifestSha256, "manifestSha256");
    requireNonNull(manifestSignature, "manifestSignature");
    return writeThenFlush(
        "run", () -> runEntries(assessment, snapshots, manifestSha256, manifestSignature));
  }

  /**
   * The spool entries of one run, built lazily from the assessment: once to write the segment, once
   * more to send it, so a large run is never held twice in memory.
   */
  private java.util.Iterator<Replayer.Entry> runEntries(
      Assessment a,
      List<Snapshot> snapshots,
      Optional<String> manifestSha256,
      Optional<String> manifestSignature) {
    Map<String, Instant> observed = Documents.observedAt(a, snapshots);
    Map<String, Map<String, Object>> hosts = Documents.hosts(a, snapshots);
    Map<String, Target> targets = new HashMap<>();
    for (Target t : a.targets()) {
      targets.put(t.name(), t);
    }
    for (Snapshot s : snapshots) {
      targets.putIfAbsent(s.target().name(), s.target());
    }
    java.util.Iterator<Finding> findings = a.findings().iterator();
    return new java.util.Iterator<>() {
      private boolean runDone;

      @Override
      public boolean hasNext() {
        return findings.hasNext() || !runDone;
      }

      @Override
      public Replayer.Entry next() {
        if (findings.hasNext()) {
          Finding f = findings.next();
          Target t = targets.get(f.target());
          Map<String, Object> doc =
              Documents.finding(
                  a,
                  f,
                  observed.getOrDefault(f.target(), a.startedAt()),
                  hosts.getOrDefault(f.target(), Map.of("name", f.target())),
                  t == null ? Map.of() : t.labels(),
                  t == null ? "unknown" : Documents.kind(t));
          return new Replayer.Entry("finding", f.id(), doc);
        }
        if (runDone) {
          throw new java.util.NoSuchElementException();
        }
        runDone = true;
        return new Replayer.Entry(
            "run", a.runId(), Documents.run(a, manifestSha256, manifestSignature));
      }
    };
  }

  /**
   * Writes failed-control events to the alerts data stream, through the spool like findings. Each
   * event is a JSON-shaped map in ECS ({@code event.kind: alert}, {@code rule.*}, {@code host.*},
   * ...); {@code @timestamp} defaults to now, {@code event.kind} to {@code alert}. The document id
   * is {@code event.id} when present, else a digest of the event, so the same event is stored once.
   *
   * @throws IllegalArgumentException when an event has an {@code event.kind} other than alert, or a
   *     value that is not JSON-shaped
   */
  public synchronized IndexResult indexAlerts(List<Map<String, Object>> events) {
    requireNonNull(events, "events");
    List<ObjectNode> docs = new ArrayList<>(events.size());
    ObjectMapper canonical =
        Json.mapper().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    for (Map<String, Object> event : events) {
      requireNonNull(event, "event");
      JsonNode tree;
      try {
        tree = Json.mapper().valueToTree(event);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("alert event is not JSON-shaped: " + e.getMessage(), e);
      }
      ObjectNode doc = (ObjectNode) tree;
      JsonNode eventNode = doc.path("event");
      if (!eventNode.isMissingNode() && !eventNode.isObject()) {
        throw new IllegalArgumentException("alert event field 'event' must be an object");
      }
      ObjectNode ev = eventNode.isObject() ? (ObjectNode) eventNode : doc.putObject("event");
      String kind = ev.path("kind").asText("alert");
      if (!kind.equals("alert")) {
        throw new IllegalArgumentException(
            "events in " + config.alertsStream() + " must have event.kind alert: " + kind);
      }
      ev.put("kind", "alert");
      if (!doc.path("@timestamp").isTextual()) {
        doc.put("@timestamp", Instant.now().toString());
      }
      if (!ev.path("id").isTextual()) {
        try {
          ev.put(
              "id",
              Digests.sha256(canonical.writeValueAsString(canonical.treeToValue(doc, Object.class)))
                  .substring(0, 32));
        } catch (IOException e) {
          throw new IllegalArgumentException("alert event cannot be written as JSON", e);
        }
      }
      docs.add(doc);
    }
    List<Replayer.Entry> entries = new ArrayList<>(docs.size());
    for (ObjectNode doc : docs) {
      entries.add(
          new Replayer.Entry(
              "alert", doc.path("event").path("id").asText(), mapper.convertValue(doc, MAP)));
    }
    return writeThenFlush("alerts", entries::iterator);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /**
   * Writes the entries to a new spool segment, then replays the spool: older segments from disk,
   * the new one from the entries again (same content, not read back).
   */
  @SuppressWarnings("try") // the lock is held for the block's extent
  private IndexResult writeThenFlush(String kind, Iterable<Replayer.Entry> entries) {
    try (Spool.Lock lock = spool.lock()) {
      Path segment;
      try {
        long t0 = System.nanoTime();
        segment =
            spool.write(
                kind,
                out -> {
                  Map<String, Object> line = new LinkedHashMap<>();
                  com.fasterxml.jackson.core.JsonGenerator g =
                      mapper
                          .getFactory()
                          .createGenerator(out)
                          .disable(
                              com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                  for (java.util.Iterator<Replayer.Entry> it = entries.iterator(); it.hasNext(); ) {
                    Replayer.Entry e = it.next();
                    line.clear();
                    line.put("op", e.op());
                    line.put("id", e.id());
                    line.put("doc", e.doc());
                    mapper.writeValue(g, line);
                    g.writeRaw('\n');
                  }
                  g.flush();
                });
        LOG.debug("spool segment written in {} ms", (System.nanoTime() - t0) / 1_000_000);
      } catch (IOException | RuntimeException e) {
        // The documents are neither in the spool nor in Elasticsearch: the caller must know.
        LOG.error(
            "cannot write to the elasticsearch spool {}: {}", spool.directory(), e.toString());
        return result(false, 0, 0, 0, 0, 0, "cannot write spool " + spool.directory() + ": " + e);
      }
      return flushLocked(Optional.of(segment), entries);
    } catch (IOException | RuntimeException e) {
      return result(false, 0, 0, 0, 0, 0, "spool " + spool.directory() + ": " + e);
    }
  }

  /**
   * Replays the spool to Elasticsearch, oldest segment first, stopping at the first segment that
   * cannot be written completely. Never throws because Elasticsearch is down.
   */
  @SuppressWarnings("try") // the lock is held for the block's extent
  public synchronized IndexResult flush() {
    try (Spool.Lock lock = spool.lock()) {
      return flushLocked(Optional.empty(), List.of());
    } catch (IOException | RuntimeException e) {
      return result(false, 0, 0, 0, 0, 0, "spool " + spool.directory() + ": " + e);
    }
  }

  private IndexResult flushLocked(Optional<Path> fresh, Iterable<Replayer.Entry> freshEntries) {
    long findings = 0;
    long operations = 0;
    long duplicates = 0;
    long rejected = 0;
    int replayed = 0;
    String error = null;
    try {
      List<Path> segments = spool.segments();
      if (!segments.isEmpty() && !templatesInstalled) {
        List<String> written = Templates.install(connection, config);
        if (!written.isEmpty()) {
          LOG.info("elasticsearch: installed templates {}", written);
        }
        templatesInstalled = true;
      }
      for (Path segment : segments) {
        Replayer.Outcome o =
            fresh.isPresent() && fresh.get().equals(segment)
                ? replayer.replay(segment, freshEntries.iterator())
                : replayer.replay(segment);
        findings += o.findings();
        operations += o.operations();
        duplicates += o.duplicates();
        rejected += o.rejected();
        if (!o.complete()) {
          error = o.error().orElse("not all documents were acknowledged");
          break;
        }
        replayed++;
      }
    } catch (IOException | RuntimeException e) {
      error = describe(e);
      LOG.warn("elasticsearch unavailable, documents stay in the spool: {}", error);
    }
    return result(error == null, findings, operations, duplicates, rejected, replayed, error);
  }

  private IndexResult result(
      boolean ok,
      long findings,
      long operations,
      long duplicates,
      long rejected,
      int replayed,
      String error) {
    int pending = 0;
    long bytes = 0;
    try {
      pending = spool.segments().size();
      bytes = spool.bytes();
    } catch (IOException e) {
      error = error == null ? "cannot read spool: " + e : error;
      ok = false;
    }
    return new IndexResult(
        ok && pending == 0,
        findings,
        operations,
        duplicates,
        rejected,
        replayed,
        pending,
        bytes,
        Optional.ofNullable(error));
  }

  private static String describe(Throwable t) {
    if (t instanceof ResponseException) {
      ResponseException r = (ResponseException) t;
      return "elasticsearch answered "
          + r.getResponse().getStatusLine().getStatusCode()
          + " to "
          + r.getResponse().getRequestLine().getMethod()
          + " "
          + r.getResponse().getRequestLine().getUri();
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /** Installs or updates vigil's templates now; returns the names written. */
  public synchronized List<String> installTemplates() throws IOException {
    List<String> written = Templates.install(connection, config);
    templatesInstalled = true;
    return written;
  }

  /**
   * Reachability, templates, document counts and spool size. Never throws because Elasticsearch is
   * down: {@code reachable} is false and {@code error} says why.
   */
  public IndexStatus status() {
    int segments = 0;
    long bytes = 0;
    long rejected = 0;
    try {
      segments = spool.segments().size();
      bytes = spool.bytes();
      rejected = spool.rejectedDocuments();
    } catch (IOException e) {
      LOG.warn("cannot read spool {}: {}", spool.directory(), e.toString());
    }
    try {
      JsonNode health = connection.json("GET", "/_cluster/health", null);
      Map<String, Boolean> templates = Templates.present(connection, config);
      Map<String, Long> counts = new LinkedHashMap<>();
      for (String name :
          List.of(
              config.findingsStream(),
              config.latestIndex(),
              config.runsIndex(),
              config.alertsStream())) {
        counts.put(
            name,
            connection
                .jsonOrAbsent("GET", "/" + name + "/_count", null)
                .map(j -> j.path("count").asLong())
                .orElse(0L));
      }
      return new IndexStatus(
          true,
          Optional.of(health.path("cluster_name").asText()),
          Optional.of(health.path("status").asText()),
          templates,
          counts,
          segments,
          bytes,
          rejected,
          Optional.empty());
    } catch (IOException | RuntimeException e) {
      return new IndexStatus(
          false,
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          Map.of(),
          segments,
          bytes,
          rejected,
          Optional.of(describe(e)));
    }
  }

  /** Makes everything written so far visible to searches (history, counts) now. */
  public void refresh() throws IOException {
    String names =
        String.join(
            ",",
            config.findingsStream(),
            config.latestIndex(),
            config.runsIndex(),
            config.alertsStream());
    connection.json(
        "POST", "/" + names + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
  }

  /**
   * The status of each control of {@code target} in every run of the last {@code since}, read from
   * the findings history with a composite aggregation (so it scales with runs times controls, not
   * findings).
   *
   * @throws IOException when Elasticsearch cannot be asked
   */
  public ControlHistory history(String target, Duration since) throws IOException {
    requireNonNull(target, "target");
    requireNonNull(since, "since");
    Instant from = Instant.now().minus(since);
    // run -> control -> counts
    Map<String, Instant> runs = new HashMap<>();
    Map<String, Map<String, long[]>> cells = new TreeMap<>();
    JsonNode after = null;
    do {
      ObjectNode body = mapper.createObjectNode();
      body.put("size", 0);
      ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
      filter.addObject().putObject("term").put("vigil.target", target);
      filter.addObject().putObject("range").putObject("@timestamp").put("gte", from.toString());
      ObjectNode composite = body.putObject("aggs").putObject("h").putObject("composite");
      composite.put("size", 1000);
      ArrayNode sources = composite.putArray("sources");
      sources.addObject().putObject("run").putObject("terms").put("field", "vigil.run_id");
      sources.addObject().putObject("control").putObject("terms").put("field", "vigil.controls");
      sources.addObject().putObject("status").putObject("terms").put("field", "vigil.status");
      sources.addObject().putObject("waived").putObject("terms").put("field", "vigil.waived");
      if (after != null) {
        composite.set("after", after);
      }
      ((ObjectNode) body.path("aggs").path("h"))
          .putObject("aggs")
          .putObject("at")
          .putObject("min")
          .put("field", "@timestamp");
      Optional<JsonNode> resp =
          connection.jsonOrAbsent(
              "POST", "/" + config.findingsStream() + "/_search", mapper.writeValueAsString(body));
      if (resp.isEmpty()) {
        break;
      }
      JsonNode agg = resp.get().path("aggregations").path("h");
      for (JsonNode bucket : agg.path("buckets")) {
        JsonNode key = bucket.path("key");
        String run = key.path("run").asText();
        String control = key.path("control").asText();
        String status = key.path("status").asText();
        String w = key.path("waived").asText();
        boolean waived = w.equals("true") || w.equals("1");
        long count = bucket.path("doc_count").asLong();
        String at = bucket.path("at").path("value_as_string").asText(null);
        if (at != null) {
          Instant t = Instant.parse(at);
          runs.merge(run, t, (x, y) -> x.isBefore(y) ? x : y);
        }
        long[] c =
            cells
                .computeIfAbsent(control, k -> new HashMap<>())
                .computeIfAbsent(run, k -> new long[5]);
        if (status.equals("pass")) {
          c[0] += count;
        } else if (status.equals("fail") && waived) {
          c[2] += count;
        } else if (status.equals("fail")) {
          c[1] += count;
        } else if (status.equals("error")) {
          c[3] += count;
        } else {
          c[4] += count;
        }
      }
      after =
          agg.path("after_key").isMissingNode() || agg.path("buckets").isEmpty()
              ? null
              : agg.path("after_key");
    } while (after != null);

    List<ControlHistory.Run> runList = new ArrayList<>();
    runs.forEach((id, at) -> runList.add(new ControlHistory.Run(id, at)));
    runList.sort(
        (x, y) ->
            x.at().equals(y.at()) ? x.runId().compareTo(y.runId()) : x.at().compareTo(y.at()));
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < runList.size(); i++) {
      order.put(runList.get(i).runId(), i);
    }
    SortedMap<String, List<ControlHistory.Point>> controls = new TreeMap<>();
    for (Map.Entry<String, Map<String, long[]>> e : cells.entrySet()) {
      List<ControlHistory.Point> points = new ArrayList<>();
      for (Map.Entry<String, long[]> r : e.getValue().entrySet()) {
        long[] c = r.getValue();
        ControlStatus status =
            c[1] > 0 || c[3] > 0
                ? ControlStatus.OTHER_THAN_SATISFIED
                : c[0] + c[2] > 0 ? ControlStatus.SATISFIED : ControlStatus.NOT_ASSESSED;
        points.add(
            new ControlHistory.Point(
                r.getKey(),
                runs.getOrDefault(r.getKey(), Instant.EPOCH),
                status,
                c[0],
                c[1],
                c[2],
                c[3],
                c[4]));
      }
      points.sort(
          (x, y) ->
              Integer.compare(order.getOrDefault(x.runId(), 0), order.getOrDefault(y.runId(), 0)));
      controls.put(e.getKey(), points);
    }
    return new ControlHistory(target, from, runList, controls);
  }

  @Override
  public void close() {
    connection.close();
  }
}
