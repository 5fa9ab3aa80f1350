package dev.vigil.alerts.sink;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one sink did with the events of one call.
 *
 * @param accepted events durably taken over by the sink (written to its outbox, file or index)
 * @param delivered events that reached the receiver during this call (for an outbox, older events
 *     delivered now count too)
 * @param pending events still waiting in the sink's outbox for a later delivery attempt
 * @param rejected events the receiver refused for good (moved to the dead-letter file)
 * @param error why the events were not accepted or not all delivered, for the log
 */
public record SinkResult(
    String sink, int accepted, int delivered, int pending, int rejected, Optional<String> error) {

  public SinkResult {
    requireNonNull(sink, "sink");
    error = error == null ? Optional.empty() : error;
  }

  /** A sink that writes synchronously: everything accepted is delivered. */
  public static SinkResult delivered(String sink, int count) {
    return new SinkResult(sink, count, count, 0, 0, Optional.empty());
  }

  public static SinkResult failed(String sink, String error) {
    return new SinkResult(sink, 0, 0, 0, 0, Optional.of(error));
  }
}
