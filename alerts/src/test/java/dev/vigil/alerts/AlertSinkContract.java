package dev.vigil.alerts;

import static dev.vigil.alerts.Fixtures.emptyPassword;
import static dev.vigil.alerts.Fixtures.rootLogin;
import static dev.vigil.alerts.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.sink.AlertSink;
import dev.vigil.alerts.sink.SinkResult;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AlertSink} promises; each implementation's test extends this and supplies the
 * sink and a way to read back what reached its destination.
 */
public abstract class AlertSinkContract {
  /** A fresh sink whose destination is empty. */
  protected abstract AlertSink newSink() throws IOException;

  /** The idempotency keys that reached the destination, in arrival order. */
  protected abstract List<String> receivedKeys() throws IOException;

  protected static List<AlertEvent> events(int runNumber) {
    List<Finding> findings = new ArrayList<>();
    for (String target : List.of("web01", "db01")) {
      findings.add(rootLogin(target, Status.FAIL));
      findings.add(emptyPassword(target, "svc" + runNumber, Status.FAIL));
    }
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      return p.process(run(runNumber, findings), Optional.empty()).events();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void publishedEventsReachTheDestinationOnceInOrder() throws IOException {
    List<AlertEvent> first = events(1);
    List<AlertEvent> second = events(2);
    try (AlertSink sink = newSink()) {
      SinkResult r1 = sink.publish(first);
      SinkResult r2 = sink.publish(second);
      assertEquals(first.size(), r1.accepted());
      assertEquals(second.size(), r2.accepted());
      assertEquals(Optional.empty(), r1.error());
      assertEquals(sink.name(), r1.sink());
      assertEquals(0, sink.pending());
    }
    List<String> expected = new ArrayList<>();
    first.forEach(e -> expected.add(e.key()));
    second.forEach(e -> expected.add(e.key()));
    assertEquals(expected, receivedKeys());
  }

  @Test
  void emptyBatchIsAcceptedAndSendsNothing() throws IOException {
    try (AlertSink sink = newSink()) {
      SinkResult r = sink.publish(List.of());
      assertEquals(0, r.accepted());
      assertTrue(r.error().isEmpty());
      assertTrue(sink.flush().error().isEmpty());
    }
    assertEquals(List.of(), receivedKeys());
  }

  @Test
  void nameIsShortAndPlain() throws IOException {
    try (AlertSink sink = newSink()) {
      assertTrue(sink.name().matches("[a-z][a-z0-9-]{0,31}"), sink.name());
    }
  }
}
