package dev.vigil.alerts;

import static dev.vigil.alerts.Fixtures.emptyPassword;
import static dev.vigil.alerts.Fixtures.rootLogin;
import static dev.vigil.alerts.Fixtures.run;
import static dev.vigil.alerts.Fixtures.waived;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerts.event.AlertAction;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.event.ControlAlert;
import dev.vigil.alerts.event.FindingAlert;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.sink.AlertSink;
import dev.vigil.core.Assessment;
import dev.vigil.core.Change;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertPipelineTest {
  @TempDir Path dir;

  private List<AlertOutcome> processAll(RecordingSink sink, List<List<Finding>> runs)
      throws IOException {
    List<AlertOutcome> out = new ArrayList<>();
    try (AlertPipeline p =
        AlertPipeline.builder().stateDirectory(dir.resolve("state")).sink(sink).build()) {
      for (int i = 0; i < runs.size(); i++) {
        out.add(p.process(run(i, runs.get(i))));
      }
    }
    return out;
  }

  private static List<AlertAction> actions(AlertOutcome o) {
    return o.events().stream().map(AlertEvent::action).toList();
  }

  @Test
  void failPassFailYieldsNewResolvedRegressed() throws IOException {
    RecordingSink sink = new RecordingSink();
    List<AlertOutcome> outcomes =
        processAll(
            sink,
            List.of(
                List.of(rootLogin("web01", Status.FAIL)),
                List.of(rootLogin("web01", Status.PASS)),
                List.of(rootLogin("web01", Status.FAIL))));
    assertEquals(
        List.of(AlertAction.NEW, AlertAction.RESOLVED, AlertAction.REGRESSED),
        sink.events.stream().filter(e -> e.finding().isPresent()).map(AlertEvent::action).toList());
    assertEquals(
        List.of(Change.NEW_FAILURE, Change.RESOLVED, Change.REGRESSED),
        outcomes.stream().map(o -> o.findings().get(0).change().orElseThrow()).toList());
    assertTrue(outcomes.stream().allMatch(AlertOutcome::stateSaved));
  }

  @Test
  void detectedButUnpublishedRunSendsNothingAndIsDetectedAgain() throws IOException {
    RecordingSink sink = new RecordingSink();
    try (AlertPipeline p =
        AlertPipeline.builder().stateDirectory(dir.resolve("state")).sink(sink).build()) {
      // The scan pipeline drops a run whose evidence could not be written: nothing goes out.
      AlertPipeline.Detected dropped = p.detect(run(0, List.of(rootLogin("web01", Status.FAIL))));
      assertEquals(
          Optional.of(Change.NEW_FAILURE), dropped.assessment().findings().get(0).change());
      assertTrue(sink.events.isEmpty());

      AlertOutcome next = p.detect(run(1, List.of(rootLogin("web01", Status.FAIL)))).publish();
      assertEquals(List.of(AlertAction.NEW), actions(next));
      assertEquals(List.of(AlertAction.NEW), sink.actions());
    }
  }

  @Test
  void regressionIsDetectedAcrossPipelineInstancesThroughTheStateDirectory() throws IOException {
    RecordingSink sink = new RecordingSink();
    processAll(sink, List.of(List.of(rootLogin("web01", Status.FAIL))));
    processAll(sink, List.of(List.of(rootLogin("web01", Status.PASS))));
    // Passing for a while, then failing again: still a regression, the state remembers.
    processAll(sink, List.of(List.of(rootLogin("web01", Status.PASS))));
    processAll(sink, List.of(List.of(rootLogin("web01", Status.FAIL))));
    assertEquals(
        List.of(AlertAction.NEW, AlertAction.RESOLVED, AlertAction.REGRESSED),
        sink.events.stream().filter(e -> e.finding().isPresent()).map(AlertEvent::action).toList());
  }

  @Test
  void stillFailingFindingsDoNotReAlert() throws IOException {
    RecordingSink sink = new RecordingSink();
    List<AlertOutcome> outcomes =
        processAll(
            sink,
            List.of(
                List.of(rootLogin("web01", Status.FAIL)),
                List.of(rootLogin("web01", Status.FAIL)),
                List.of(rootLogin("web01", Status.FAIL))));
    assertEquals(List.of(AlertAction.NEW), sink.actions());
    assertEquals(Optional.of(Change.STILL_FAILING), outcomes.get(2).findings().get(0).change());
  }

  @Test
  void errorBetweenTwoFailuresDoesNotReAlertNorResolve() throws IOException {
    RecordingSink sink = new RecordingSink();
    processAll(
        sink,
        List.of(
            List.of(rootLogin("web01", Status.FAIL)),
            List.of(rootLogin("web01", Status.ERROR)),
            List.of(rootLogin("web01", Status.FAIL))));
    assertEquals(
        List.of(AlertAction.NEW),
        sink.events.stream().filter(e -> e.finding().isPresent()).map(AlertEvent::action).toList());
  }

  @Test
  void expiredWaiverYieldsWaiverExpiredEvent() throws IOException {
    RecordingSink sink = new RecordingSink();
    List<AlertOutcome> outcomes =
        processAll(
            sink,
            List.of(
                List.of(waived(rootLogin("web01", Status.FAIL), false)),
                List.of(waived(rootLogin("web01", Status.FAIL), true))));
    assertTrue(outcomes.get(0).events().isEmpty(), "a waived failure does not alert");
    // The control was satisfied under the waiver and is not any more.
    assertEquals(
        List.of(AlertAction.WAIVER_EXPIRED, AlertAction.CONTROL_CHANGED), actions(outcomes.get(1)));
    FindingAlert f = outcomes.get(1).events().get(0).finding().orElseThrow();
    assertTrue(f.waiver().orElseThrow().expired());
  }

  @Test
  void openFailureWhoseResourceDisappearsIsResolved() throws IOException {
    RecordingSink sink = new RecordingSink();
    processAll(
        sink,
        List.of(
            List.of(rootLogin("web01", Status.PASS), emptyPassword("web01", "bob", Status.FAIL)),
            List.of(rootLogin("web01", Status.PASS))));
    assertEquals(List.of(AlertAction.NEW, AlertAction.RESOLVED), sink.actions());
    FindingAlert gone = sink.events.get(1).finding().orElseThrow();
    assertTrue(gone.absent());
    assertEquals("bob", gone.resource().id());
  }

  @Test
  void disappearedResourceStaysOpenWhileItsRuleReportsAnError() throws IOException {
    RecordingSink sink = new RecordingSink();
    Finding ruleError =
        Finding.builder(Fixtures.EMPTY_PASSWORD, "web01", dev.vigil.core.ResourceRef.host())
            .status(Status.ERROR)
            .message("cannot read /etc/shadow")
            .build();
    processAll(
        sink,
        List.of(
            List.of(emptyPassword("web01", "bob", Status.FAIL)),
            List.of(ruleError),
            List.of(emptyPassword("web01", "bob", Status.FAIL))));
    assertEquals(List.of(AlertAction.NEW), sink.actions());
  }

  @Test
  void controlRollupChangeYieldsControlChangedEvents() throws IOException {
    RecordingSink sink = new RecordingSink();
    processAll(
        sink,
        List.of(
            List.of(rootLogin("web01", Status.PASS)),
            List.of(rootLogin("web01", Status.FAIL)),
            List.of(rootLogin("web01", Status.PASS))));
    List<ControlAlert> controls = sink.events.stream().flatMap(e -> e.control().stream()).toList();
    assertEquals(2, controls.size());
    assertEquals(ControlStatus.SATISFIED, controls.get(0).previous());
    assertEquals(ControlStatus.OTHER_THAN_SATISFIED, controls.get(0).current());
    assertEquals(ControlStatus.SATISFIED, controls.get(1).current());
    assertEquals(Fixtures.AC_6_2, controls.get(0).control());
  }

  @Test
  void eventsOfTwoTargetsAreKeptApartAndInRunOrder() throws IOException {
    RecordingSink sink = new RecordingSink();
    List<AlertOutcome> outcomes =
        processAll(
            sink,
            List.of(
                List.of(
                    rootLogin("web01", Status.FAIL),
                    rootLogin("db01", Status.PASS),
                    emptyPassword("web01", "bob", Status.FAIL)),
                List.of(
                    rootLogin("web01", Status.FAIL),
                    rootLogin("db01", Status.FAIL),
                    emptyPassword("web01", "bob", Status.PASS))));
    assertEquals(
        List.of("web01", "web01"),
        outcomes.get(0).events().stream().map(AlertEvent::target).toList());
    List<String> second =
        outcomes.get(1).events().stream().map(e -> e.target() + ":" + e.action().wire()).toList();
    assertEquals(
        List.of("web01:resolved", "web01:control-changed", "db01:new", "db01:control-changed"),
        second);
    List<Finding> annotated = outcomes.get(1).findings();
    assertEquals("web01", annotated.get(0).target());
    assertEquals("db01", annotated.get(1).target());
    assertEquals(Optional.of(Change.RESOLVED), annotated.get(2).change());
  }

  @Test
  void failingSinkKeepsThePreviousStateSoEventsAreSentAgain() throws IOException {
    RecordingSink sink = new RecordingSink();
    try (AlertPipeline p =
        AlertPipeline.builder().stateDirectory(dir.resolve("state")).sink(sink).build()) {
      sink.failing = true;
      AlertOutcome first = p.process(run(0, List.of(rootLogin("web01", Status.FAIL))));
      assertFalse(first.stateSaved());
      assertFalse(first.allAccepted());
      assertTrue(first.sinks().get(0).error().orElseThrow().contains("disk full"));
      sink.failing = false;
      AlertOutcome second = p.process(run(1, List.of(rootLogin("web01", Status.FAIL))));
      assertEquals(List.of(AlertAction.NEW), actions(second));
      assertTrue(second.stateSaved());
    }
    assertTrue(sink.closed);
  }

  @Test
  void previousAssessmentChainYieldsNewResolvedRegressed() throws IOException {
    RecordingSink sink = new RecordingSink();
    List<AlertAction> seen = new ArrayList<>();
    try (AlertPipeline p = AlertPipeline.builder().sink(sink).build()) {
      Optional<Assessment> previous = Optional.empty();
      Status[] statuses = {Status.FAIL, Status.PASS, Status.FAIL};
      for (int i = 0; i < statuses.length; i++) {
        AlertOutcome o = p.process(run(i, List.of(rootLogin("web01", statuses[i]))), previous);
        o.events().stream().filter(e -> e.finding().isPresent()).forEach(e -> seen.add(e.action()));
        previous = Optional.of(o.assessment());
      }
    }
    assertEquals(List.of(AlertAction.NEW, AlertAction.RESOLVED, AlertAction.REGRESSED), seen);
  }

  @Test
  void processingTheSameRunTwiceYieldsTheSameIdempotencyKeys() throws IOException {
    Assessment run = run(3, List.of(rootLogin("web01", Status.FAIL)));
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      AlertOutcome a = p.process(run, Optional.empty());
      AlertOutcome b = p.process(run, Optional.empty());
      assertEquals(a.events().get(0).key(), b.events().get(0).key());
      assertEquals(
          AlertEvent.keyFor(run.findings().get(0).id(), run.runId(), AlertAction.NEW),
          a.events().get(0).key());
    }
  }

  @Test
  void documentSinkHandsEcsMapsToTheWriterAndAFailingWriterKeepsTheState() throws IOException {
    List<Map<String, Object>> written = new ArrayList<>();
    boolean[] down = {true};
    AlertSink es =
        AlertSink.documents(
            "elasticsearch",
            AlertFormat.ECS,
            docs -> {
              if (down[0]) {
                throw new IOException("cluster unavailable");
              }
              written.addAll(docs);
            });
    try (AlertPipeline p =
        AlertPipeline.builder().stateDirectory(dir.resolve("state")).sink(es).build()) {
      AlertOutcome first = p.process(run(0, List.of(rootLogin("web01", Status.FAIL))));
      assertFalse(first.stateSaved());
      down[0] = false;
      AlertOutcome second = p.process(run(1, List.of(rootLogin("web01", Status.FAIL))));
      assertTrue(second.stateSaved());
      assertEquals(0, p.pending());
    }
    assertEquals(1, written.size());
    Map<?, ?> event = (Map<?, ?>) written.get(0).get("event");
    assertEquals("alert", event.get("kind"));
    assertEquals("new", event.get("action"));
    assertEquals(Map.of("name", "web01"), written.get(0).get("host"));
  }

  @Test
  void unreachableTargetIsLeftAloneNotResolved() throws IOException {
    RecordingSink sink = new RecordingSink();
    try (AlertPipeline p =
        AlertPipeline.builder().stateDirectory(dir.resolve("state")).sink(sink).build()) {
      p.process(run(0, List.of(rootLogin("web01", Status.FAIL))));
      Assessment unreachable =
          new Assessment(
              "20261125T110000Z-down",
              "0.1.0",
              java.time.Instant.parse("2026-11-25T11:00:00Z"),
              java.time.Instant.parse("2026-11-25T11:00:05Z"),
              List.of(dev.vigil.core.Target.local("web01")),
              "default",
              new java.util.TreeMap<>(),
              List.of(),
              List.of(),
              List.of(new dev.vigil.core.TargetError("web01", "connection refused")));
      assertTrue(p.process(unreachable).events().isEmpty());
      p.process(run(2, List.of(rootLogin("web01", Status.FAIL))));
    }
    assertEquals(List.of(AlertAction.NEW), sink.actions());
  }

  @Test
  void forgottenAfterRetentionAResolvedFindingFailsAsNew() throws IOException {
    RecordingSink sink = new RecordingSink();
    try (AlertPipeline p =
        AlertPipeline.builder()
            .stateDirectory(dir.resolve("state"))
            .stateRetention(java.time.Duration.ofHours(1))
            .sink(sink)
            .build()) {
      p.process(
          run(
              0,
              List.of(
                  rootLogin("web01", Status.PASS), emptyPassword("web01", "bob", Status.FAIL))));
      p.process(run(1, List.of(rootLogin("web01", Status.PASS))));
      // Bob's account is gone for longer than the retention: its memo is dropped.
      p.process(run(3, List.of(rootLogin("web01", Status.PASS))));
      p.process(
          run(
              4,
              List.of(
                  rootLogin("web01", Status.PASS), emptyPassword("web01", "bob", Status.FAIL))));
    }
    assertEquals(List.of(AlertAction.NEW, AlertAction.RESOLVED, AlertAction.NEW), sink.actions());
  }

  @Test
  void processWithoutStateDirectoryIsAUsageError() throws IOException {
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      Assessment run = run(0, List.of());
      assertThrows(IllegalStateException.class, () -> p.process(run));
    }
  }
}
