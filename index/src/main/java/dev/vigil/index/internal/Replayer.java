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
          return BulkOperation.of(b -> b.update(u -> u.index(index).id(id).binaryAction(data)));
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

  /** Writes one segment; deletes it when everything in it was acknowledged or rejected. */
  public Outcome replay(Path segment) throws IOException {
    Tracker tracker = new Tracker();
    boolean aborted = false;
    String abortReason = null;
    BulkIngester<Op> ingester = ingester(tracker);
    try (BufferedReader in = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
      List<ObjectNode> chunk = new ArrayList<>(LOOKUP_BATCH);
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry;
        try {
          entry = mapper.readTree(line);
        } catch (IOException e) {
          throw new IOException(segment + ":" + lineNo + ": not a spool entry: " + e, e);
        }
        String op = entry.path("op").asText();
        if (op.equals("finding")) {
          chunk.add((ObjectNode) entry.path("doc"));
          if (chunk.size() >= LOOKUP_BATCH) {
            resolveAndAdd(chunk, ingester);
            chunk.clear();
          }
        } else {
          resolveAndAdd(chunk, ingester);
          chunk.clear();
          Op single = single(op, entry, segment, lineNo);
          ingester.add(single.toBulk(), single);
        }
        if (tracker.unreachable.get()) {
          aborted = true;
          abortReason = tracker.lastError.get();
          break;
        }
      }
      if (!aborted) {
        resolveAndAdd(chunk, ingester);
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

  private Op single(String op, JsonNode entry, Path segment, int lineNo) throws IOException {
    String id = entry.path("id").asText();
    byte[] body = withoutNulls.writeValueAsBytes(entry.path("doc"));
    switch (op) {
      case "run":
        return new Op(Kind.RUN, config.runsIndex(), id, body);
      case "alert":
        return new Op(Kind.ALERT, config.alertsStream(), id, body);
      default:
        throw new IOException(segment + ":" + lineNo + ": unknown spool entry op '" + op + "'");
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

  private Map<String, JsonNode> lookup(List<String> ids) {
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
      } catch (IOException | RuntimeException e) {
        last = e instanceof IOException ? (IOException) e : new IOException(e);
        if (isConnectionFailure(e)) {
          break;
        }
      }
    }
    throw new LookupException(describe(last));
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

  private void resolveAndAdd(List<ObjectNode> chunk, BulkIngester<Op> ingester) throws IOException {
    if (chunk.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(chunk.size());
    for (ObjectNode d : chunk) {
      ids.add(d.path("vigil").path("finding_id").asText());
    }
    Map<String, JsonNode> stored = lookup(ids);
    for (ObjectNode doc : chunk) {
      for (Op op : resolve(doc, stored)) {
        ingester.add(op.toBulk(), op);
      }
    }
  }

  /** The history create and, unless a newer state is stored, the latest-state upsert. */
  List<Op> resolve(ObjectNode doc, Map<String, JsonNode> stored) throws IOException {
    ObjectNode vigil = (ObjectNode) doc.path("vigil");
    String findingId = vigil.path("finding_id").asText();
    String runId = vigil.path("run_id").asText();
    String status = vigil.path("status").asText();
    String ts = doc.path("@timestamp").asText();
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
        previous = null;
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
    if (previous != null) {
      vigil.put("previous_status", previous);
    }
    List<Op> ops = new ArrayList<>(2);
    String historyId = doc.path("event").path("id").asText();
    ops.add(
        new Op(
            Kind.FINDING, config.findingsStream(), historyId, withoutNulls.writeValueAsBytes(doc)));
    if (writeLatest) {
      vigil.put("last_seen", ts);
      vigil.put("last_change", lastChange);
      if (previous == null) {
        vigil.putNull("previous_status");
      }
      ((ObjectNode) doc.path("event")).put("id", findingId);
      ObjectNode action = mapper.createObjectNode();
      action.set("doc", doc);
      action.put("doc_as_upsert", true);
      ops.add(
          new Op(Kind.LATEST, config.latestIndex(), findingId, mapper.writeValueAsBytes(action)));
    }
    return ops;
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
