package dev.vigil.alerts;

import dev.vigil.alerts.event.AlertAction;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.sink.AlertSink;
import dev.vigil.alerts.sink.SinkResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Keeps what it is given; fails on demand. */
public final class RecordingSink implements AlertSink {
  public final List<AlertEvent> events = new ArrayList<>();
  public boolean failing;
  public boolean closed;

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public synchronized SinkResult publish(List<AlertEvent> batch) throws IOException {
    if (failing) {
      throw new IOException("disk full");
    }
    events.addAll(batch);
    return SinkResult.delivered(name(), batch.size());
  }

  public List<AlertAction> actions() {
    return events.stream().map(AlertEvent::action).toList();
  }

  @Override
  public void close() {
    closed = true;
  }
}
