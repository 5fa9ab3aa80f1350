package dev.vigil.alerts.webhook;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.sink.AlertSink;
import dev.vigil.alerts.sink.SinkResult;
import dev.vigil.alerts.webhook.internal.Outbox;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each event to a webhook, one request per event, through a persistent outbox: {@link
 * #publish} first makes the events durable in the outbox directory, then delivers everything
 * pending in order. Events survive a restart (a new sink on the same directory sends what the old
 * one could not) and are delivered at least once, in order (the outbox is one queue, so per target
 * too).
 *
 * <p>Each request is {@code POST} with the event as {@code application/json} and the headers {@code
 * Idempotency-Key} (the event's key; a receiver drops a key it has seen), {@value
 * WebhookSecret#HEADER} (HMAC-SHA256 over the exact body bytes) and {@code X-Vigil-Event} (the
 * action). 2xx is delivered. 400, 413, 415 and 422 mean this event can never be accepted: it goes
 * to the outbox's dead-letter file and delivery goes on. Anything else (5xx, 429, 401, a refused
 * connection, a timeout) is retried by the {@link RetryPolicy}; when the attempts are used up,
 * delivery stops there and resumes at the next {@link #publish} or {@link #flush}.
 *
 * <p>Thread-safe. One thread delivers at a time; a publish while another thread delivers only
 * appends, and the delivering thread sends it. Neither the secret nor the URL's path, query or
 * credentials are ever logged.
 */
public final class WebhookSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Set<Integer> PERMANENT = Set.of(400, 413, 415, 422);

  private final String name;
  private final HttpUrl url;
  private final String logUrl;
  private final WebhookSecret secret;
  private final AlertFormat format;
  private final RetryPolicy retry;
  private final OkHttpClient client;
  private final boolean ownClient;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Outbox outbox;
  private final ReentrantLock delivering = new ReentrantLock();

  private WebhookSink(Builder b) throws IOException {
    this.name = b.name;
    this.url = b.url;
    this.logUrl = url.scheme() + "://" + url.host() + ":" + url.port();
    this.secret = b.secret;
    this.format = b.format;
    this.retry = b.retry;
    this.ownClient = b.client == null;
    this.client =
        b.client != null
            ? b.client
            : new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .callTimeout(60, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.outbox = Outbox.open(b.outbox);
  }

  /**
   * Starts a sink for {@code url} (http or https) signing with {@code secret}, keeping its outbox
   * in {@code outboxDirectory} (created if needed; one sink per directory at a time).
   */
  public static Builder builder(URI url, WebhookSecret secret, Path outboxDirectory) {
    return new Builder(url, secret, outboxDirectory);
  }

  public static final class Builder {
    private final HttpUrl url;
    private final WebhookSecret secret;
    private final Path outbox;
    private String name = "webhook";
    private AlertFormat format = AlertFormat.ECS;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private OkHttpClient client;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder(URI url, WebhookSecret secret, Path outbox) {
      requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      HttpUrl parsed = HttpUrl.parse(url.toString());
      if (!(scheme.equals("http") || scheme.equals("https")) || parsed == null) {
        throw new IllegalArgumentException(
            "webhook URL must be http:// or https://: " + url.getScheme() + "://...");
      }
      this.url = parsed;
      this.secret = requireNonNull(secret, "secret");
      this.outbox = requireNonNull(outbox, "outboxDirectory");
    }

    public Builder name(String v) {
      name = requireNonNull(v, "name");
      return this;
    }

    public Builder format(AlertFormat v) {
      format = requireNonNull(v, "format");
      return this;
    }

    public Builder retryPolicy(RetryPolicy v) {
      retry = requireNonNull(v, "retryPolicy");
      return this;
    }

    /** A client to share (its timeouts apply); the sink then does not shut it down. */
    public Builder client(OkHttpClient v) {
      client = requireNonNull(v, "client");
      return this;
    }

    public Builder sleeper(Sleeper v) {
      sleeper = requireNonNull(v, "sleeper");
      return this;
    }

    public Builder random(RandomGenerator v) {
      random = requireNonNull(v, "random");
      return this;
    }

    /**
     * Opens the outbox and returns the sink; events left by an earlier sink are sent at the first
     * publish or flush.
     *
     * @throws IllegalStateException when another sink holds the outbox directory
     */
    public WebhookSink open() throws IOException {
      return new WebhookSink(this);
    }
  }

  @Override
  public String name() {
    return name;
  }

  public AlertFormat format() {
    return format;
  }

  /** Events waiting in the outbox. */
  @Override
  public int pending() {
    return outbox.pending();
  }

  /** Makes the events durable in the outbox, then delivers everything pending, oldest first. */
  @Override
  public SinkResult publish(List<AlertEvent> events) throws IOException {
    List<Outbox.Entry> entries = new ArrayList<>(events.size());
    for (AlertEvent e : events) {
      entries.add(
          new Outbox.Entry(
              e.key(),
              e.target(),
              e.action().wire(),
              new String(format.bytes(e), StandardCharsets.UTF_8)));
    }
    outbox.append(entries);
    return deliver(entries.size());
  }

  /** Delivers what is pending from earlier publishes or an earlier process. */
  @Override
  public SinkResult flush() throws IOException {
    return deliver(0);
  }

  private SinkResult deliver(int accepted) throws IOException {
    int delivered = 0;
    int rejected = 0;
    String error = null;
    while (delivering.tryLock()) {
      boolean drained;
      try {
        Round r = deliverPending();
        delivered += r.delivered;
        rejected += r.rejected;
        error = r.error;
        drained = r.error == null;
      } finally {
        delivering.unlock();
      }
      // An append racing with the end of the round would otherwise wait for the next flush.
      if (!drained || outbox.pending() == 0) {
        break;
      }
    }
    return new SinkResult(
        name, accepted, delivered, outbox.pending(), rejected, Optional.ofNullable(error));
  }

  private record Round(int delivered, int rejected, String error) {}

  private Round deliverPending() throws IOException {
    int delivered = 0;
    int rejected = 0;
    while (true) {
      Optional<Outbox.Entry> head = outbox.peek();
      if (head.isEmpty()) {
        return new Round(delivered, rejected, null);
      }
      Outbox.Entry entry = head.get();
      byte[] body = entry.body().getBytes(StandardCharsets.UTF_8);
      for (int attempt = 1; ; attempt++) {
        Attempt a = send(entry, body);
        if (a.outcome == Outcome.DELIVERED) {
          outbox.ack();
          delivered++;
          break;
        }
        if (a.outcome == Outcome.REJECTED) {
          LOG.warn(
              "webhook {} refused event {} ({} on {}) for good: {}; moved to the dead-letter file",
              logUrl,
              entry.key(),
              entry.action(),
              entry.target(),
              a.reason);
          outbox.reject(a.reason);
          rejected++;
          break;
        }
        if (attempt >= retry.maxAttempts()) {
          LOG.warn(
              "webhook {} failed {} time(s) for event {}: {}; {} event(s) stay in the outbox",
              logUrl,
              attempt,
              entry.key(),
              a.reason,
              outbox.pending());
          return new Round(delivered, rejected, a.reason);
        }
        Duration wait = retry.backoff(attempt, random);
        if (a.retryAfter.compareTo(wait) > 0) {
          wait = a.retryAfter.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : a.retryAfter;
        }
        LOG.info(
            "webhook {} attempt {}/{} failed: {}; retrying in {} ms",
            logUrl,
            attempt,
            retry.maxAttempts(),
            a.reason,
            wait.toMillis());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Round(delivered, rejected, "interrupted; events stay in the outbox");
        }
      }
    }
  }

  private enum Outcome {
    DELIVERED,
    RETRY,
    REJECTED
  }

  private record Attempt(Outcome outcome, String reason, Duration retryAfter) {}

  private Attempt send(Outbox.Entry entry, byte[] body) {
    Request request =
        new Request.Builder()
            .url(url)
            .header("Idempotency-Key", entry.key())
            .header(WebhookSecret.HEADER, secret.sign(body))
            .header("X-Vigil-Event", entry.action())
            .header("User-Agent", "vigil-alerts")
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response response = client.newCall(request).execute()) {
      int code = response.code();
      if (code >= 200 && code < 300) {
        return new Attempt(Outcome.DELIVERED, "HTTP " + code, Duration.ZERO);
      }
      String reason = "HTTP " + code;
      if (PERMANENT.contains(code)) {
        return new Attempt(Outcome.REJECTED, reason, Duration.ZERO);
      }
      return new Attempt(Outcome.RETRY, reason, retryAfter(response.header("Retry-After")));
    } catch (IOException e) {
      return new Attempt(
          Outcome.RETRY,
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          Duration.ZERO);
    }
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return Duration.ZERO; // an HTTP date: our own backoff applies
    }
  }

  /** Closes the outbox (pending events stay on disk) and the HTTP client if the sink built it. */
  @Override
  public void close() throws IOException {
    try {
      outbox.close();
    } finally {
      if (ownClient) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    }
  }
}
