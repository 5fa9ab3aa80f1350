package dev.vigil.alerts.sink;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.format.AlertFormat;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where failed-control events go: a webhook ({@link dev.vigil.alerts.webhook.WebhookSink}), a
 * JSON-lines file ({@link dev.vigil.alerts.file.JsonLinesSink}), the {@code vigil-alerts} data
 * stream (through {@link #documents}).
 *
 * <p>Contract: {@link #publish} receives the events of one run, in order (per target, findings
 * before controls). When it returns, the events are durable in the sink (in its outbox, fsynced to
 * its file, acknowledged by its index); it throws {@link IOException} when they are not, and the
 * pipeline then keeps the previous change state so that the events are detected again next run.
 * Calls are made from one thread at a time per pipeline; a sink shared between pipelines must be
 * thread-safe.
 */
public interface AlertSink extends Closeable {

  /** A short name for results and logs ({@code webhook}, {@code file}); never a secret. */
  String name();

  SinkResult publish(List<AlertEvent> events) throws IOException;

  /**
   * Retries what is still pending (an outbox); called by the daemon between runs. Sinks without an
   * outbox have nothing to do.
   */
  default SinkResult flush() throws IOException {
    return SinkResult.delivered(name(), 0);
  }

  /** Events accepted but not yet delivered (an outbox's backlog), for metrics. */
  default int pending() {
    return 0;
  }

  @Override
  default void close() throws IOException {}

  /** Writes JSON-shaped documents: the seam for the Elasticsearch {@code vigil-alerts} writer. */
  @FunctionalInterface
  interface DocumentWriter {
    /** Writes the documents in order; returns when they are stored, throws when they are not. */
    void write(List<Map<String, Object>> documents) throws IOException;
  }

  /**
   * A sink that renders each event as a JSON-shaped map in {@code format} and hands the batch to
   * {@code writer}, e.g. {@code AlertSink.documents("elasticsearch", AlertFormat.ECS,
   * esWriter::write)}.
   */
  static AlertSink documents(String name, AlertFormat format, DocumentWriter writer) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(writer, "writer");
    return new AlertSink() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public SinkResult publish(List<AlertEvent> events) throws IOException {
        if (events.isEmpty()) {
          return SinkResult.delivered(name, 0);
        }
        List<Map<String, Object>> docs = new ArrayList<>(events.size());
        for (AlertEvent e : events) {
          docs.add(format.render(e));
        }
        writer.write(docs);
        return SinkResult.delivered(name, docs.size());
      }
    };
  }
}
