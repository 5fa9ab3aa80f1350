package dev.vigil.index.internal;

import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.transport.BackoffPolicy;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.index.IndexConfig;
import dev.vigil.index.IndexListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one spool segment to Elasticsearch with the client's {@link BulkIngester}, and says
 * whether all of it arrived. The ids are deterministic (history: run and finding; latest: finding;
 * runs: run id; alerts: event id), and history and alerts are written with {@code create}, so
 * writing a segment twice neither duplicates nor loses anything: Elasticsearch answers 409 for what
 * it already has.
 *
 * <p>Latest-state documents are partial-document upserts ({@code doc_as_upsert}); first seen, last
 * change and previous status are resolved against the stored latest-state document with a
 * multi-get, since this distribution has no scripting. When the stored document already carries
 * this run (a replay), its resolved values are kept, so a replay writes exactly what the first
 * attempt wrote.
 */
public final class Replayer {
  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
  private static final int LOOKUP_BATCH = 1000;

  private final Connection connection;
  private final IndexConfig config;
  private final Spool spool;
  private final IndexListener listener;
  private final ObjectMapper mapper;
  private final ObjectMapper withoutNulls;
  private final co.elastic.clients.elasticsearch.ElasticsearchAsyncClient asyncClient;

  public Replayer(
      Connection connection,
      IndexConfig config,
      Spool spool,
      IndexListener listener,
      ObjectMapper mapper,
      ObjectMapper withoutNulls) {
    this.connection = connection;
    this.config = config;
    this.spool = spool;
    this.listener = listener;
    this.mapper = mapper;
    this.withoutNulls = withoutNulls;
    this.asyncClient =
        new co.elastic.clients.elasticsearch.ElasticsearchAsyncClient(
            connection.client()._transport());
  }

  enum Kind {
    FINDING,
    LATEST,
    RUN,
    ALERT
  }

  /** One bulk operation, kept as bytes so it can be re-sent or written to the rejected file. */
  record Op(Kind kind, String index, String id, byte[] body) {
    BulkOperation toBulk() {
      BinaryData data = BinaryData.of(body, ContentType.APPLICATION_JSON);
      switch (kind) {
        case FINDING:
        case ALERT:
          return BulkOperation.of(b -> b.create(c -> c.index(index).id(id).document(data)));
        case LATEST:
          return BulkOperation.of(
              b -> b.update(u -> u.index(index).id(id).retryOnConflict(3).binaryAction(data)));
        default:
          return BulkOperation.of(b -> b.index(i -> i.index(index).id(id).document(data)));
      }
    }
  }

  /** What happened to one segment. */
  public record Outcome(
      boolean complete,
      long findings,
      long operations,
      long duplicates,
      long rejected,
      Optional<String> error) {}

  /** Counts item results; shared by the ingester's threads. */
  private final class Tracker implements BulkListener<Op> {
    final AtomicLong findings = new AtomicLong();
    final AtomicLong operations = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final List<Op> retriable = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();
    final AtomicBoolean unreachable = new AtomicBoolean();
    final AtomicReference<String> lastError = new AtomicReference<>();

    @Override
    public void beforeBulk(long executionId, BulkRequest request, List<Op> contexts) {}

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<Op> contexts, BulkResponse response) {
      int failed = 0;
      List<BulkResponseItem> items = response.items();
      for (int i = 0; i < items.size(); i++) {
        BulkResponseItem item = items.get(i);
        Op op = contexts.get(i);
        int status = item.status();
        if (item.error() == null) {
          operations.incrementAndGet();
          if (op.kind() == Kind.FINDING) {
            findings.incrementAndGet();
          }
        } else if (status == 409 && (op.kind() == Kind.FINDING || op.kind() == Kind.ALERT)) {
          duplicates.incrementAndGet();
        } else if (status == 429 || status >= 500) {
          failed++;
          synchronized (this) {
            retriable.add(op);
          }
          lastError.set(status + " " + item.error().type() + ": " + item.error().reason());
        } else {
          failed++;
          synchronized (this) {
            rejected.add(
                rejectLine(op, status, item.error().type() + ": " + item.error().reason()));
          }
        }
      }
      listener.afterBulk(items.size(), failed);
    }

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<Op> contexts, Throwable failure) {
      synchronized (this) {
        retriable.addAll(contexts);
      }
      unreachable.set(true);
      String reason = describe(failure);
      lastError.set(reason);
      listener.bulkFailed(contexts.size(), reason);
    }

    synchronized List<Op> takeRetriable() {
      List<Op> out = new ArrayList<>(retriable);
      retriable.clear();
      return out;
    }
  }

  private String rejectLine(Op op, int status, String reason) {
    ObjectNode n = mapper.createObjectNode();
    n.put("op", op.kind().name().toLowerCase(java.util.Locale.ROOT));
    n.put("index", op.index());
    n.put("id", op.id());
    n.put("status", status);
    n.put("error", reason);
    try {
      n.set("body", mapper.readTree(op.body()));
    } catch (IOException e) {
      n.put("body", new String(op.body(), StandardCharsets.UTF_8));
    }
    return n.toString();
  }

  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private BulkIngester<Op> ingester(Tracker tracker) {
    return BulkIngester.of(
        b ->
            b.client(connection.client())
                .maxOperations(config.bulkMaxOperations())
                .maxSize(config.bulkMaxBytes())
                .maxConcurrentRequests(config.maxConcurrentRequests())
                .backoffPolicy(
                    BackoffPolicy.exponentialBackoff(
                        config.retryBackoff().toMillis(), Math.max(1, config.maxRetries())))
                .listener(tracker));
  }

  /** One spool entry: a finding's history document, a run document or an alert. */
  public record Entry(String op, String id, Map<String, Object> doc) {}

  /** Reads a segment's entries lazily, line by line. */
  private final class SegmentEntries implements java.util.Iterator<Entry>, AutoCloseable {
    private final Path segment;
    private final BufferedReader in;
    private Entry next;
    private int lineNo;

    SegmentEntries(Path segment) throws IOException {
      this.segment = segment;
      this.in = Files.newBufferedReader(segment, StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      try {
        String line;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (!line.isBlank()) {
            Map<String, Object> m = mapper.readValue(line, MAP);
            Object doc = m.get("doc");
            if (!(m.get("op") instanceof String) || !(doc instanceof Map)) {
              throw new IOException("no op or doc");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) doc;
            next = new Entry((String) m.get("op"), String.valueOf(m.get("id")), d);
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(
            new IOException(segment + ":" + lineNo + ": not a spool entry: " + e.getMessage(), e));
      }
    }

    @Override
    public Entry next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      Entry e = next;
      next = null;
      return e;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /** Writes one segment read from disk. */
  public Outcome replay(Path segment) throws IOException {
    try (SegmentEntries entries = new SegmentEntries(segment)) {
      return replay(segment, entries);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Writes one segment whose entries the caller still has in memory (the run just spooled), which
   * saves reading it back. Deletes it when everything was acknowledged or rejected.
   */
  public Outcome replay(Path segment, java.util.Iterator<Entry> entries) throws IOException {
    Tracker tracker = new Tracker();
    long started = System.nanoTime();
    lookupNanos = 0;
    boolean aborted = false;
    String abortReason = null;
    BulkIngester<Op> ingester = ingester(tracker);
    Pipeline pipeline = new Pipeline(ingester);
    try {
      List<Map<String, Object>> chunk = new ArrayList<>(LOOKUP_BATCH);
      while (entries.hasNext()) {
        Entry entry = entries.next();
        if (entry.op().equals("finding")) {
          chunk.add(entry.doc());
          if (chunk.size() >= LOOKUP_BATCH) {
            pipeline.submit(chunk);
            chunk = new ArrayList<>(LOOKUP_BATCH);
          }
        } else {
          pipeline.submit(chunk);
          chunk = new ArrayList<>(LOOKUP_BATCH);
          pipeline.drain();
          Op single = single(entry, segment);
          ingester.add(single.toBulk(), single);
        }
        if (tracker.unreachable.get()) {
          aborted = true;
          abortReason = tracker.lastError.get();
          break;
        }
      }
      if (!aborted) {
        pipeline.submit(chunk);
        pipeline.drain();
      }
    } catch (LookupException e) {
      aborted = true;
      abortReason = e.getMessage();
    } finally {
      ingester.close();
    }

    // Items that failed with 429/5xx or whose request failed: retried with backoff, unless the
    // cluster is gone, in which case the segment stays for the next run.
    List<Op> retry = tracker.takeRetriable();
    long delay = config.retryBackoff().toMillis();
    for (int attempt = 0;
        !aborted && !retry.isEmpty() && attempt < config.maxRetries();
        attempt++, delay *= 2) {
      sleep(delay);
      tracker.unreachable.set(false);
      BulkIngester<Op> again = ingester(tracker);
      try {
        for (Op op : retry) {
          again.add(op.toBulk(), op);
        }
      } finally {
        again.close();
      }
      retry = tracker.takeRetriable();
    }

    LOG.debug(
        "segment {}: {} ms, of which {} ms latest-state look-ups",
        segment.getFileName(),
        (System.nanoTime() - started) / 1_000_000,
        lookupNanos / 1_000_000);
    List<String> rejected;
    synchronized (tracker) {
      rejected = new ArrayList<>(tracker.rejected);
    }
    spool.reject(segment, rejected);
    boolean complete = !aborted && retry.isEmpty();
    Optional<String> error = Optional.empty();
    if (complete) {
      spool.delete(segment);
    } else {
      String reason = abortReason != null ? abortReason : tracker.lastError.get();
      error = Optional.of(reason == null ? "not all documents were acknowledged" : reason);
      LOG.warn(
          "elasticsearch: segment {} stays in the spool ({})", segment.getFileName(), error.get());
    }
    if (!rejected.isEmpty()) {
      LOG.warn(
          "elasticsearch refused {} documents of {}; kept in {}",
          rejected.size(),
          segment.getFileName(),
          spool.rejectedDirectory());
    }
    return new Outcome(
        complete,
        tracker.findings.get(),
        tracker.operations.get(),
        tracker.duplicates.get(),
        rejected.size(),
        error);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Op single(Entry entry, Path segment) throws IOException {
    byte[] body = withoutNulls.writeValueAsBytes(entry.doc());
    switch (entry.op()) {
      case "run":
        return new Op(Kind.RUN, config.runsIndex(), entry.id(), body);
      case "alert":
        return new Op(Kind.ALERT, config.alertsStream(), entry.id(), body);
      default:
        throw new IOException(segment + ": unknown spool entry op '" + entry.op() + "'");
    }
  }

  /** The multi-get could not be answered: the segment is not written further this time. */
  private static final class LookupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LookupException(String message) {
      super(message, null, false, false);
    }
  }

  private static final String[] STATE_FIELDS = {
    "vigil.run_id",
    "vigil.status",
    "vigil.previous_status",
    "vigil.first_seen",
    "vigil.last_seen",
    "vigil.last_change"
  };

  private long lookupNanos;

  private Map<String, JsonNode> lookup(List<String> ids) {
    long t0 = System.nanoTime();
    try {
      return lookupOnce(ids);
    } finally {
      lookupNanos += System.nanoTime() - t0;
    }
  }

  private Map<String, JsonNode> lookupOnce(List<String> ids) {
    IOException last = null;
    long delay = config.retryBackoff().toMillis();
    for (int attempt = 0; attempt <= config.maxRetries(); attempt++, delay *= 2) {
      if (attempt > 0) {
        sleep(delay);
      }
      try {
        MgetResponse<ObjectNode> r =
            connection
                .client()
                .mget(
                    m ->
                        m.index(config.latestIndex())
                            .ids(ids)
                            .sourceIncludes(List.of(STATE_FIELDS)),
                    ObjectNode.class);
        return found(r);
      } catch (IOException | RuntimeException e) {
        last = e instanceof IOException ? (IOException) e : new IOException(e);
        if (isConnectionFailure(e)) {
          break;
        }
      }
    }
    throw new LookupException(describe(last));
  }

  private static Map<String, JsonNode> found(MgetResponse<ObjectNode> r) throws IOException {
    Map<String, JsonNode> found = new HashMap<>();
    for (MultiGetResponseItem<ObjectNode> item : r.docs()) {
      if (item.isResult()) {
        if (item.result().found() && item.result().source() != null) {
          found.put(item.result().id(), item.result().source());
        }
      } else if (!"index_not_found_exception".equals(item.failure().error().type())) {
        throw new IOException(
            "latest-state lookup failed: "
                + item.failure().error().type()
                + ": "
                + item.failure().error().reason());
      }
    }
    return found;
  }

  private static boolean isConnectionFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException
          || c instanceof org.apache.http.ConnectionClosedException
          || c instanceof java.net.SocketException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Resolves chunks of findings against the latest-state index one chunk behind the look-ups: the
   * multi-get of a chunk runs while the previous chunk's operations are handed to the ingester, so
   * the bulk requests do not wait for look-ups.
   */
  private final class Pipeline {
    private final BulkIngester<Op> ingester;
    private List<Map<String, Object>> pending;
    private java.util.concurrent.CompletableFuture<Map<String, JsonNode>> pendingLookup;

    Pipeline(BulkIngester<Op> ingester) {
      this.ingester = ingester;
    }

    void submit(List<Map<String, Object>> chunk) throws IOException {
      if (chunk.isEmpty()) {
        return;
      }
      List<String> ids = ids(chunk);
      java.util.concurrent.CompletableFuture<Map<String, JsonNode>> lookup = lookupAsync(ids);
      drain();
      pending = chunk;
      pendingLookup = lookup;
    }

    void drain() throws IOException {
      if (pending == null) {
        return;
      }
      Map<String, JsonNode> stored;
      long t0 = System.nanoTime();
      try {
        stored = pendingLookup.join();
      } catch (java.util.concurrent.CompletionException e) {
        // The asynchronous attempt failed: retry synchronously with backoff.
        stored = lookup(ids(pending));
      } finally {
        lookupNanos += System.nanoTime() - t0;
      }
      for (Map<String, Object> doc : pending) {
        for (Op op : resolve(doc, stored)) {
          ingester.add(op.toBulk(), op);
        }
      }
      pending = null;
      pendingLookup = null;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(List<Map<String, Object>> chunk) {
    List<String> ids = new ArrayList<>(chunk.size());
    for (Map<String, Object> d : chunk) {
      ids.add(String.valueOf(((Map<String, Object>) d.get("vigil")).get("finding_id")));
    }
    return ids;
  }

  private java.util.concurrent.CompletableFuture<Map<String, JsonNode>> lookupAsync(
      List<String> ids) {
    try {
      return asyncClient
          .mget(
              m -> m.index(config.latestIndex()).ids(ids).sourceIncludes(List.of(STATE_FIELDS)),
              ObjectNode.class)
          .thenApply(
              r -> {
                try {
                  return found(r);
                } catch (IOException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  /** The history create and, unless a newer state is stored, the latest-state upsert. */
  @SuppressWarnings("unchecked")
  List<Op> resolve(Map<String, Object> doc, Map<String, JsonNode> stored) throws IOException {
    Map<String, Object> vigil = (Map<String, Object>) doc.get("vigil");
    String findingId = String.valueOf(vigil.get("finding_id"));
    String runId = String.valueOf(vigil.get("run_id"));
    String status = String.valueOf(vigil.get("status"));
    String ts = String.valueOf(doc.get("@timestamp"));
    Instant at = Instant.parse(ts);
    JsonNode s = stored.get(findingId);

    String firstSeen = ts;
    String lastChange = ts;
    String previous = null;
    boolean writeLatest = true;
    if (s != null) {
      JsonNode sv = s.path("vigil");
      String storedRun = sv.path("run_id").asText("");
      String storedFirst = sv.path("first_seen").asText(ts);
      Instant storedLast = parseOr(sv.path("last_seen").asText(""), Instant.MIN);
      if (storedRun.equals(runId)) {
        // A replay of a run whose latest-state write already arrived: keep what it resolved.
        firstSeen = storedFirst;
        lastChange = sv.path("last_change").asText(ts);
        previous = textOrNull(sv.path("previous_status"));
      } else if (storedLast.isAfter(at)) {
        // A newer run is already stored: the history gets this finding, the latest state stays.
        writeLatest = false;
        firstSeen = parseOr(storedFirst, at).isBefore(at) ? storedFirst : ts;
      } else {
        firstSeen = storedFirst;
        previous = textOrNull(sv.path("status"));
        if (status.equals(previous)) {
          lastChange = sv.path("last_change").asText(storedFirst);
          previous = textOrNull(sv.path("previous_status"));
        }
      }
    }

    vigil.put("first_seen", firstSeen);
    vigil.put("previous_status", previous);
    Map<String, Object> event = (Map<String, Object>) doc.get("event");
    String historyId = String.valueOf(event.get("id"));
    Op latest = null;
    if (writeLatest) {
      // The latest state keeps explicit nulls, so a partial update clears what this run lacks.
      vigil.put("last_seen", ts);
      vigil.put("last_change", lastChange);
      event.put("id", findingId);
      Map<String, Object> action = new java.util.LinkedHashMap<>();
      action.put("doc", doc);
      action.put("doc_as_upsert", true);
      latest =
          new Op(Kind.LATEST, config.latestIndex(), findingId, mapper.writeValueAsBytes(action));
      vigil.remove("last_seen");
      vigil.remove("last_change");
      event.put("id", historyId);
    }
    // The history document leaves absent values out.
    stripNulls(doc);
    List<Op> ops = new ArrayList<>(2);
    ops.add(
        new Op(
            Kind.FINDING, config.findingsStream(), historyId, withoutNulls.writeValueAsBytes(doc)));
    if (latest != null) {
      ops.add(latest);
    }
    return ops;
  }

  @SuppressWarnings("unchecked")
  private static void stripNulls(Object value) {
    if (value instanceof Map) {
      for (java.util.Iterator<Map.Entry<String, Object>> it =
              ((Map<String, Object>) value).entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<String, Object> e = it.next();
        if (e.getValue() == null) {
          it.remove();
        } else {
          stripNulls(e.getValue());
        }
      }
    } else if (value instanceof List) {
      for (Object o : (List<Object>) value) {
        stripNulls(o);
      }
    }
  }

  private static String textOrNull(JsonNode n) {
    return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
  }

  private static Instant parseOr(String text, Instant fallback) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
