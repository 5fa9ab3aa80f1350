package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.change.ChangeDetector;
import dev.vigil.alerts.change.StateStore;
import dev.vigil.alerts.change.TargetState;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.file.JsonLinesSink;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.sink.AlertSink;
import dev.vigil.alerts.sink.SinkResult;
import dev.vigil.alerts.webhook.WebhookSecret;
import dev.vigil.alerts.webhook.WebhookSink;
import dev.vigil.core.Assessment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call after each run: detect the changes since the previous state, annotate the findings,
 * publish the events to every sink, then remember the new state.
 *
 * <pre>{@code
 * try (AlertPipeline alerts = AlertPipeline.builder()
 *     .stateDirectory(stateDir)
 *     .sink(WebhookSink.builder(url, WebhookSecret.fromFile(secretFile), outboxDir).open())
 *     .sink(new JsonLinesSink(alertFile, AlertFormat.OCSF))
 *     .build()) {
 *   AlertOutcome outcome = alerts.process(assessment);   // daemon: state kept on disk
 *   archive.write(outcome.assessment());                 // findings now carry their change
 * }
 * }</pre>
 *
 * <p>Order of effects: events are published to every sink before the state is saved, and the state
 * is saved only when every sink accepted them. A crash in between, or a sink that fails, means the
 * same changes are detected and published again next run (with that run's id, hence new keys):
 * alerts are at least once, never lost. A failing sink does not stop the others and does not throw:
 * see {@link AlertOutcome#sinks()}. Only an unreadable or unwritable state directory throws.
 *
 * <p>Runs of different targets may be processed concurrently; runs of one target must be processed
 * one at a time and in order (the scheduler never scans one target twice at once). The pipeline
 * closes its sinks.
 */
public final class AlertPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);

  private final Optional<StateStore> store;
  private final List<AlertSink> sinks;
  private final ChangeDetector detector;

  private AlertPipeline(Optional<StateStore> store, List<AlertSink> sinks, Duration retention) {
    this.store = store;
    this.sinks = List.copyOf(sinks);
    this.detector = new ChangeDetector(retention);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private Path stateDirectory;
    private final List<AlertSink> sinks = new ArrayList<>();
    private Duration retention = ChangeDetector.DEFAULT_RETENTION;

    /**
     * Where the state per target is kept between runs (required for {@link #process(Assessment)}).
     */
    public Builder stateDirectory(Path v) {
      stateDirectory = requireNonNull(v, "stateDirectory");
      return this;
    }

    public Builder sink(AlertSink v) {
      sinks.add(requireNonNull(v, "sink"));
      return this;
    }

    /**
     * Adds a {@link WebhookSink} with the default retry policy; opens (and locks) its outbox now.
     * For {@code --alert-webhook URL --alert-secret-file F --alert-format ecs|ocsf}.
     */
    public Builder webhook(URI url, WebhookSecret secret, Path outboxDirectory, AlertFormat format)
        throws IOException {
      return sink(WebhookSink.builder(url, secret, outboxDirectory).format(format).open());
    }

    /** Adds a {@link JsonLinesSink}; for {@code --alert-file F --alert-format ecs|ocsf}. */
    public Builder file(Path file, AlertFormat format) {
      return sink(new JsonLinesSink(file, format));
    }

    /** How long a finding that is no longer reported is remembered (default 90 days). */
    public Builder stateRetention(Duration v) {
      retention = requireNonNull(v, "stateRetention");
      return this;
    }

    public AlertPipeline build() throws IOException {
      Optional<StateStore> store =
          stateDirectory == null ? Optional.empty() : Optional.of(new StateStore(stateDirectory));
      return new AlertPipeline(store, sinks, retention);
    }
  }

  /**
   * Compares {@code current} with the state kept in the state directory, publishes the events, and
   * saves the new state of every target that had findings. The same as {@code
   * detect(current).publish()}.
   *
   * @throws IllegalStateException when the pipeline was built without a state directory
   * @throws IOException when the state directory cannot be read or written
   */
  public AlertOutcome process(Assessment current) throws IOException {
    return detect(current).publish();
  }

  /**
   * The first half of {@link #process(Assessment)}: compares {@code current} with the kept state
   * and annotates its findings, but publishes and saves nothing yet. A caller that must keep
   * evidence first (the scan pipeline writes the run to the archive) publishes only once that
   * succeeded; a run that is dropped in between leaves the state untouched, so its changes are
   * detected again.
   *
   * @throws IllegalStateException when the pipeline was built without a state directory
   * @throws IOException when the state directory cannot be read
   */
  public Detected detect(Assessment current) throws IOException {
    StateStore s =
        store.orElseThrow(
            () -> new IllegalStateException("detect(Assessment) needs a state directory"));
    Map<String, Optional<TargetState>> loaded = new HashMap<>();
    Function<String, Optional<TargetState>> previous =
        target ->
            loaded.computeIfAbsent(
                target,
                t -> {
                  try {
                    return s.load(t);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
    try {
      return new Detected(current.runId(), s, detector.detect(current, previous));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Changes detected for one run, not yet published: see {@link #detect(Assessment)}. */
  public final class Detected {
    private final String runId;
    private final StateStore store;
    private final ChangeDetector.RunChanges changes;

    private Detected(String runId, StateStore store, ChangeDetector.RunChanges changes) {
      this.runId = runId;
      this.store = store;
      this.changes = changes;
    }

    /** The run with every finding marked new, resolved, regressed, still failing or unchanged. */
    public Assessment assessment() {
      return changes.annotated();
    }

    /**
     * Publishes the events to every sink, then saves the new state, only if every sink accepted
     * them (else they are detected and sent again next run).
     *
     * @throws IOException when the state cannot be written
     */
    public AlertOutcome publish() throws IOException {
      List<SinkResult> results = AlertPipeline.this.publish(changes.events());
      boolean accepted = allAccepted(results, changes.events().size());
      if (accepted) {
        for (TargetState state : changes.states()) {
          store.save(state);
        }
      } else {
        LOG.warn(
            "alert sinks did not accept the events of run {}; the previous state is kept so they"
                + " are sent again next run",
            runId);
      }
      return new AlertOutcome(changes.annotated(), changes.events(), results, accepted);
    }
  }

  /**
   * Compares {@code current} with {@code previous} (the latest earlier run, e.g. from the evidence
   * archive; empty for the first run) and publishes the events. Nothing is kept: see {@link
   * TargetState#fromAssessment(Assessment, String)} for what a single earlier run cannot tell. A
   * state directory, if configured, is neither read nor written.
   */
  public AlertOutcome process(Assessment current, Optional<Assessment> previous) {
    Map<String, TargetState> before = previous.map(TargetState::fromAssessment).orElse(Map.of());
    ChangeDetector.RunChanges changes =
        detector.detect(current, target -> Optional.ofNullable(before.get(target)));
    List<SinkResult> results = publish(changes.events());
    boolean accepted = allAccepted(results, changes.events().size());
    return new AlertOutcome(changes.annotated(), changes.events(), results, accepted);
  }

  /** Events accepted by the sinks and not yet delivered (outbox backlog), for {@code /metrics}. */
  public int pending() {
    return sinks.stream().mapToInt(AlertSink::pending).sum();
  }

  /** Retries what the sinks still hold (the webhook outbox); for the daemon between runs. */
  public List<SinkResult> flush() {
    List<SinkResult> out = new ArrayList<>(sinks.size());
    for (AlertSink sink : sinks) {
      try {
        out.add(sink.flush());
      } catch (IOException | RuntimeException e) {
        LOG.warn("alert sink {} could not flush: {}", sink.name(), e.getMessage());
        out.add(SinkResult.failed(sink.name(), String.valueOf(e.getMessage())));
      }
    }
    return out;
  }

  private List<SinkResult> publish(List<AlertEvent> events) {
    List<SinkResult> out = new ArrayList<>(sinks.size());
    for (AlertSink sink : sinks) {
      try {
        out.add(sink.publish(events));
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "alert sink {} did not accept {} event(s): {}",
            sink.name(),
            events.size(),
            e.getMessage());
        out.add(SinkResult.failed(sink.name(), String.valueOf(e.getMessage())));
      }
    }
    return out;
  }

  /** Every sink took the events over (an outbox may still be delivering them). */
  private static boolean allAccepted(List<SinkResult> results, int count) {
    return results.stream().allMatch(r -> r.error().isEmpty() || r.accepted() == count);
  }

  /** Closes every sink; pending outbox events stay on disk. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (AlertSink sink : sinks) {
      try {
        sink.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
