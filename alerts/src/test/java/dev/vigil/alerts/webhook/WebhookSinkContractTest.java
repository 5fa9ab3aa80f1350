package dev.vigil.alerts.webhook;

import dev.vigil.alerts.AlertSinkContract;
import dev.vigil.alerts.sink.AlertSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class WebhookSinkContractTest extends AlertSinkContract {
  private static final WebhookSecret SECRET =
      WebhookSecret.of("contract".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private MockWebServer server;
  private Receiver receiver;

  @BeforeEach
  void start() throws IOException {
    receiver = new Receiver(SECRET);
    server = new MockWebServer();
    server.setDispatcher(receiver);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Override
  protected AlertSink newSink() throws IOException {
    return WebhookSink.builder(
            URI.create("http://127.0.0.1:" + server.getPort() + "/hook"),
            SECRET,
            dir.resolve("outbox"))
        .open();
  }

  @Override
  protected List<String> receivedKeys() {
    return receiver.accepted().stream().map(Receiver.Accepted::key).toList();
  }
}
