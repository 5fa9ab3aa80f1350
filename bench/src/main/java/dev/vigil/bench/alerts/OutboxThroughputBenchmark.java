package dev.vigil.bench.alerts;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.sink.SinkResult;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.webhook.RetryPolicy;
import dev.vigil.alerts.webhook.WebhookSecret;
import dev.vigil.alerts.webhook.WebhookSink;
import dev.vigil.alerts.webhook.internal.Outbox;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
 * Webhook delivery of one run's 1,000 events to a JDK HTTP server on 127.0.0.1 through the
 * persistent outbox (append + fsync, HMAC signature, one POST per event, acknowledgement), against
 * the same 1,000 POSTs sent directly with the same client ({@code baselinePlainPost}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class OutboxThroughputBenchmark {
  static final int EVENTS = 1_000;
  private static final MediaType JSON = MediaType.get("application/json");

  HttpServer server;
  ExecutorService serverThreads;
  OkHttpClient client;
  WebhookSink sink;
  Path outbox;
  Path rawOutbox;
  Outbox box;
  WebhookSecret secret;
  URI url;
  List<AlertEvent> events;
  List<byte[]> bodies;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.createContext(
        "/hook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    outbox = Files.createTempDirectory("vigil-outbox-bench");
    rawOutbox = Files.createTempDirectory("vigil-outbox-raw-bench");
    box = Outbox.open(rawOutbox);
    secret = WebhookSecret.of("bench".getBytes(StandardCharsets.UTF_8));
    sink =
        WebhookSink.builder(url, WebhookSecret.of("bench".getBytes(StandardCharsets.UTF_8)), outbox)
            .client(client)
            .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100)))
            .open();

    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      findings.add(
          Finding.builder(
                  RuleId.of("rule.r" + (i % 50)),
                  "host-" + (i % 10),
                  new ResourceRef("file", "/etc/f" + i))
              .title("rule " + (i % 50))
              .status(Status.FAIL)
              .severity(Severity.HIGH)
              .observed("bad")
              .expected("good")
              .build());
    }
    Instant start = Instant.parse("2026-11-25T10:00:00Z");
    var run =
        new dev.vigil.core.Assessment(
            "run-1",
            "0.1.0",
            start,
            start.plusSeconds(60),
            List.of(),
            "default",
            new TreeMap<>(),
            findings,
            List.of(),
            List.of());
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      events = p.process(run, Optional.empty()).events();
    }
    bodies = new ArrayList<>();
    for (AlertEvent e : events) {
      bodies.add(AlertFormat.ECS.bytes(e));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    sink.close();
    box.close();
    server.stop(0);
    serverThreads.shutdownNow();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    for (Path dir : List.of(outbox, rawOutbox)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Benchmark
  public SinkResult webhookSinkThroughOutbox() throws IOException {
    SinkResult r = sink.publish(events);
    if (r.delivered() != EVENTS) {
      throw new IllegalStateException("not all delivered: " + r);
    }
    return r;
  }

  /** The outbox alone, no HTTP: append one durable segment, then peek and acknowledge each. */
  @Benchmark
  public int outboxAppendAndAckOnly() throws IOException {
    List<Outbox.Entry> entries = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      AlertEvent e = events.get(i);
      entries.add(
          new Outbox.Entry(
              e.key(),
              e.target(),
              e.action().wire(),
              new String(bodies.get(i), StandardCharsets.UTF_8)));
    }
    box.append(entries);
    int n = 0;
    while (box.peek().isPresent()) {
      box.ack();
      n++;
    }
    return n;
  }

  /** Rendering (ECS map, Jackson) and HMAC signing of every event, no I/O. */
  @Benchmark
  public int renderAndSignOnly() {
    int n = 0;
    for (AlertEvent e : events) {
      n += secret.sign(AlertFormat.ECS.bytes(e)).length();
    }
    return n;
  }

  @Benchmark
  public int baselinePlainPost() throws IOException {
    int ok = 0;
    for (byte[] body : bodies) {
      Request request =
          new Request.Builder().url(url.toString()).post(RequestBody.create(body, JSON)).build();
      try (Response response = client.newCall(request).execute()) {
        if (response.isSuccessful()) {
          ok++;
        }
      }
    }
    return ok;
  }
}
