package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.sink.SinkResult;
import dev.vigil.core.Assessment;
import dev.vigil.core.Finding;
import java.util.List;

/**
 * What {@link AlertPipeline#process} did with one run.
 *
 * @param assessment the run with every finding's {@link dev.vigil.core.Change} set
 * @param events the events emitted, in delivery order
 * @param sinks one result per sink, in the order the sinks were added
 * @param stateSaved false when a sink did not accept the events: the previous state was kept so the
 *     same changes are detected (and sent) again next run
 */
public record AlertOutcome(
    Assessment assessment, List<AlertEvent> events, List<SinkResult> sinks, boolean stateSaved) {

  public AlertOutcome {
    requireNonNull(assessment, "assessment");
    events = List.copyOf(events);
    sinks = List.copyOf(sinks);
  }

  /** The annotated findings, in the run's order. */
  public List<Finding> findings() {
    return assessment.findings();
  }

  /** True when every sink accepted every event (delivery may still be pending in an outbox). */
  public boolean allAccepted() {
    return sinks.stream().allMatch(s -> s.error().isEmpty() || s.accepted() == events.size());
  }
}
