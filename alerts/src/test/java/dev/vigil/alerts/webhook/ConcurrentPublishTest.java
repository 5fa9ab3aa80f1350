package dev.vigil.alerts.webhook;

import static dev.vigil.alerts.Fixtures.rootLogin;
import static dev.vigil.alerts.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several scan threads publishing into one webhook sink while the receiver stumbles. */
class ConcurrentPublishTest {
  private static final WebhookSecret SECRET =
      WebhookSecret.of("concurrent".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  /** One run of one target: 20 new failures on 20 accounts, in order. */
  private static List<AlertEvent> runOf(String target, int n) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      findings.add(dev.vigil.alerts.Fixtures.emptyPassword(target, "u" + i, Status.FAIL));
    }
    findings.add(rootLogin(target, Status.PASS));
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      return p.process(run(n, findings), Optional.empty()).events();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void concurrentPublishersAllGetDeliveredOnceInOrderPerTarget() throws Exception {
    Receiver receiver = new Receiver(SECRET);
    for (int i = 0; i < 10; i++) {
      receiver.thenAnswer(200, 200, 200, 503);
    }
    List<List<AlertEvent>> batches = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      batches.add(runOf("host" + t, t));
    }
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(receiver);
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      URI url = URI.create("http://127.0.0.1:" + server.getPort() + "/hook");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try (WebhookSink sink =
          WebhookSink.builder(url, SECRET, dir.resolve("outbox"))
              .retryPolicy(new RetryPolicy(5, Duration.ZERO, Duration.ZERO))
              .open()) {
        List<Future<?>> done = new ArrayList<>();
        for (List<AlertEvent> b : batches) {
          done.add(pool.submit(() -> sink.publish(b)));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
        sink.flush();
        assertEquals(0, sink.pending());
      } finally {
        pool.shutdownNow();
      }
    }
    List<AlertEvent> all = new ArrayList<>();
    batches.forEach(all::addAll);
    Receiver.assertExactlyOnceInOrder(receiver, all);
  }
}
