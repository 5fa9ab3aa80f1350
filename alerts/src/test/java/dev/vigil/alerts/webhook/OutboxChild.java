package dev.vigil.alerts.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate JVM that publishes one run's events through a webhook sink and keeps retrying until it
 * is killed: the "daemon" of {@link OutboxCrashTest}. Args: outbox directory, URL, secret.
 */
public final class OutboxChild {
  private OutboxChild() {}

  public static void main(String[] args) throws Exception {
    Thread reaper =
        new Thread(
            () -> {
              try {
                Thread.sleep(Duration.ofMinutes(3).toMillis());
              } catch (InterruptedException e) {
                return;
              }
              // Orphaned (the test died without killing us): do not linger.
              Runtime.getRuntime().halt(3);
            });
    reaper.setDaemon(true);
    reaper.start();
    WebhookSink sink =
        WebhookSink.builder(
                URI.create(args[1]),
                WebhookSecret.of(args[2].getBytes(StandardCharsets.UTF_8)),
                Path.of(args[0]))
            .retryPolicy(
                new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(20), Duration.ofMillis(200)))
            .open();
    sink.publish(WebhookSinkTest.events(1));
    System.out.println("all delivered (the test should have killed this process)");
  }
}
