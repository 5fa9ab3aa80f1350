package dev.vigil.alerts.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.sink.SinkResult;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon killed with SIGKILL between failed deliveries loses no event. */
class OutboxCrashTest {
  private static final String SECRET = "crash-test-secret";

  @TempDir Path dir;

  @Test
  void daemonKilledBetweenFailedDeliveriesLosesNothing() throws Exception {
    Receiver receiver = new Receiver(WebhookSecret.of(SECRET.getBytes(StandardCharsets.UTF_8)));
    receiver.thenAnswer(200, 200);
    receiver.failingFor(1_000_000);
    Path outbox = dir.resolve("outbox");
    Path log = dir.resolve("child.log");
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(receiver);
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      URI url = URI.create("http://127.0.0.1:" + server.getPort() + "/hook");

      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  OutboxChild.class.getName(),
                  outbox.toString(),
                  url.toString(),
                  SECRET)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        // Two events accepted, then the third failing again and again: the child is mid-retry.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (receiver.accepted().size() < 2 || receiver.requests() < 5) {
          if (!child.isAlive()) {
            fail("child exited early (" + child.exitValue() + "):\n" + Files.readString(log));
          }
          if (System.nanoTime() > deadline) {
            fail("child made no progress in 120 s:\n" + Files.readString(log));
          }
          Thread.sleep(50);
        }
      } finally {
        child.destroyForcibly();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child killed");
      }

      receiver.recover();
      try (WebhookSink restarted =
          WebhookSink.builder(
                  url, WebhookSecret.of(SECRET.getBytes(StandardCharsets.UTF_8)), outbox)
              .retryPolicy(new RetryPolicy(3, Duration.ZERO, Duration.ZERO))
              .open()) {
        assertEquals(4, restarted.pending(), "the four undelivered events survived the kill");
        SinkResult r = restarted.flush();
        assertEquals(4, r.delivered());
        assertEquals(0, r.pending());
      }
      List<AlertEvent> sent = WebhookSinkTest.events(1);
      Receiver.assertExactlyOnceInOrder(receiver, sent);
    }
  }
}
