package dev.vigil.alerts.webhook;

import static dev.vigil.alerts.Fixtures.emptyPassword;
import static dev.vigil.alerts.Fixtures.rootLogin;
import static dev.vigil.alerts.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.sink.SinkResult;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSinkTest {
  private static final WebhookSecret SECRET =
      WebhookSecret.of("s3cret-shared-with-the-receiver".getBytes(StandardCharsets.UTF_8));
  private static final RetryPolicy PATIENT =
      new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(5));

  @TempDir Path dir;
  private MockWebServer server;
  private Receiver receiver;
  private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = new Receiver(SECRET);
    server = new MockWebServer();
    server.setDispatcher(receiver);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stopReceiver() throws IOException {
    server.shutdown();
  }

  private java.net.URI url() {
    return java.net.URI.create("http://127.0.0.1:" + server.getPort() + "/hooks/vigil");
  }

  private WebhookSink sink(RetryPolicy policy) throws IOException {
    return sink(policy, AlertFormat.ECS);
  }

  private WebhookSink sink(RetryPolicy policy, AlertFormat format) throws IOException {
    return WebhookSink.builder(url(), SECRET, dir.resolve("outbox"))
        .retryPolicy(policy)
        .format(format)
        .sleeper(slept::add)
        .random(new Random(42))
        .open();
  }

  /** Two failing findings on each of three targets: six new-failure events of one run. */
  static List<AlertEvent> events(int runNumber) {
    List<Finding> findings = new ArrayList<>();
    for (String target : List.of("web01", "db01", "mail01")) {
      findings.add(rootLogin(target, Status.FAIL));
      findings.add(emptyPassword(target, "bob-" + runNumber, Status.FAIL));
    }
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      return p.process(run(runNumber, findings), Optional.empty()).events();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void receiverFailingFiveTimesThenRecoveringGetsEveryEventOncePerKeyInOrder() throws IOException {
    receiver.failingFor(5);
    List<AlertEvent> sent = events(1);
    try (WebhookSink sink = sink(PATIENT)) {
      SinkResult r = sink.publish(sent);
      assertEquals(6, r.accepted());
      assertEquals(6, r.delivered());
      assertEquals(0, r.pending());
      assertEquals(Optional.empty(), r.error());
    }
    assertEquals(11, receiver.requests());
    Receiver.assertExactlyOnceInOrder(receiver, sent);
    // Five retries of the first event, each waiting within the exponential ceiling.
    assertEquals(5, slept.size());
    for (int i = 0; i < slept.size(); i++) {
      Duration ceiling = PATIENT.ceiling(i + 1);
      assertTrue(
          slept.get(i).compareTo(ceiling) <= 0 && slept.get(i).compareTo(ceiling.dividedBy(2)) >= 0,
          "retry " + (i + 1) + " waited " + slept.get(i) + ", ceiling " + ceiling);
    }
  }

  @Test
  void restartBetweenFailuresLosesNothing() throws IOException {
    List<AlertEvent> first = events(1);
    List<AlertEvent> second = events(2);
    RetryPolicy impatient = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(100));
    // Accept two events, then fail everything: four of the first run and all of the second wait.
    receiver.thenAnswer(200, 200);
    try (WebhookSink sink = sink(impatient)) {
      receiver.thenAnswer(503, 503, 503, 503, 503, 503, 503, 503);
      SinkResult r1 = sink.publish(first);
      assertEquals(2, r1.delivered());
      assertEquals(4, r1.pending());
      assertTrue(r1.error().orElseThrow().contains("503"));
      receiver.down(true);
      SinkResult r2 = sink.publish(second);
      assertEquals(0, r2.delivered());
      assertEquals(10, r2.pending());
    }
    // The process "restarts": a new sink on the same outbox, the receiver is back.
    receiver.recover();
    try (WebhookSink restarted = sink(impatient)) {
      assertEquals(10, restarted.pending());
      SinkResult r = restarted.flush();
      assertEquals(10, r.delivered());
      assertEquals(0, r.pending());
    }
    List<AlertEvent> all = new ArrayList<>(first);
    all.addAll(second);
    Receiver.assertExactlyOnceInOrder(receiver, all);
    assertEquals(0, receiver.badSignatures());
  }

  @Test
  void lostAcknowledgementsAreSentAgainWithTheSameIdempotencyKey() throws IOException {
    List<AlertEvent> sent = events(1);
    RetryPolicy impatient = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    receiver.thenAnswer(200, 200, 200, 503);
    try (WebhookSink sink = sink(impatient)) {
      assertEquals(3, sink.publish(sent).delivered());
    }
    // A crash before the acknowledgements reached the disk: they are gone.
    try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".acked")).toList()) {
        Files.delete(p);
      }
    }
    try (WebhookSink restarted = sink(impatient)) {
      assertEquals(6, restarted.pending());
      assertEquals(6, restarted.flush().delivered());
    }
    List<Receiver.Accepted> got = receiver.accepted();
    assertEquals(9, got.size(), "at least once: three events arrived twice");
    assertEquals(
        sent.stream().map(AlertEvent::key).toList(),
        got.stream().map(Receiver.Accepted::key).distinct().toList(),
        "a receiver deduplicating by key sees every event once, in order");
  }

  @Test
  void signatureVerifiesOnTheReceiverOverTheExactBody() throws Exception {
    List<AlertEvent> sent = events(1).subList(0, 1);
    try (WebhookSink sink = sink(PATIENT, AlertFormat.OCSF)) {
      sink.publish(sent);
    }
    assertEquals(0, receiver.badSignatures());
    Receiver.Accepted got = receiver.accepted().get(0);
    assertArrayEquals(AlertFormat.OCSF.bytes(sent.get(0)), got.body());
    JsonNode doc = Json.mapper().readTree(got.body());
    assertEquals(2003, doc.get("class_uid").asInt());
    assertEquals(sent.get(0).key(), got.key());
    assertEquals("new", got.action());

    WebhookSecret wrong = WebhookSecret.of("not-the-secret".getBytes(StandardCharsets.UTF_8));
    assertFalse(wrong.verify(got.body(), SECRET.sign(got.body())));
  }

  @Test
  void wrongSecretIsRetriedNotDropped() throws IOException {
    WebhookSecret wrong = WebhookSecret.of("rotated".getBytes(StandardCharsets.UTF_8));
    try (WebhookSink sink =
        WebhookSink.builder(url(), wrong, dir.resolve("outbox"))
            .retryPolicy(new RetryPolicy(2, Duration.ZERO, Duration.ZERO))
            .sleeper(slept::add)
            .open()) {
      SinkResult r = sink.publish(events(1));
      assertEquals(6, r.pending());
      assertTrue(r.error().orElseThrow().contains("401"));
    }
    assertEquals(2, receiver.badSignatures());
  }

  @Test
  void eventRefusedForGoodGoesToTheDeadLetterFileAndDeliveryGoesOn() throws IOException {
    List<AlertEvent> sent = events(1);
    receiver.thenAnswer(422);
    try (WebhookSink sink = sink(PATIENT)) {
      SinkResult r = sink.publish(sent);
      assertEquals(1, r.rejected());
      assertEquals(5, r.delivered());
      assertEquals(0, r.pending());
    }
    List<String> dead = Files.readAllLines(dir.resolve("outbox").resolve("dead-letter.jsonl"));
    assertEquals(1, dead.size());
    JsonNode letter = Json.mapper().readTree(dead.get(0));
    assertEquals(sent.get(0).key(), letter.get("key").asText());
    assertEquals("HTTP 422", letter.get("reason").asText());
  }

  @Test
  void retryAfterOfTheReceiverIsHonouredUpToTheMaximumBackoff() throws IOException {
    receiver.thenAnswer(429);
    try (WebhookSink sink = sink(PATIENT)) {
      sink.publish(events(1).subList(0, 1));
    }
    assertEquals(List.of(Duration.ofSeconds(5)), slept, "Retry-After 7 s capped at 5 s");
  }

  @Test
  void secondSinkOnTheSameOutboxIsRefused() throws IOException {
    try (WebhookSink first = sink(PATIENT)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink(PATIENT));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertEquals(0, first.pending());
    }
  }

  @Test
  void outboxWithPendingEventsFromAnEarlierProcessIsSentAtFlush() throws IOException {
    receiver.down(true);
    try (WebhookSink sink = sink(new RetryPolicy(1, Duration.ZERO, Duration.ZERO))) {
      sink.publish(events(1));
    }
    receiver.down(false);
    try (AlertPipeline pipeline = AlertPipeline.builder().sink(sink(PATIENT)).build()) {
      List<SinkResult> results = pipeline.flush();
      assertEquals(6, results.get(0).delivered());
    }
    assertEquals(6, receiver.accepted().size());
  }

  @Test
  void nonHttpUrlIsRejectedWithoutShowingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WebhookSink.builder(
                    java.net.URI.create("ftp://user:pw@example.invalid/x"),
                    SECRET,
                    dir.resolve("o")));
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
  }
}
