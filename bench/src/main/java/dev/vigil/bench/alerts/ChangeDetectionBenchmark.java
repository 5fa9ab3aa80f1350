package dev.vigil.bench.alerts;

import dev.vigil.alerts.change.ChangeDetector;
import dev.vigil.alerts.change.TargetState;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Change detection over 100,000 findings (100 targets x 1,000 findings; 1% of them change status
 * between the two runs), against the least any diff must do: a HashMap from finding id to the
 * previous status, probed once per current finding ({@code baselineHashMapDiff}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ChangeDetectionBenchmark {
  static final int TARGETS = 100;
  static final int PER_TARGET = 1_000;

  Assessment previous;
  Assessment current;
  Map<String, TargetState> states;
  Map<String, Status> previousStatus;
  ChangeDetector detector;

  static Assessment run(int n, boolean flip) {
    List<Finding> findings = new ArrayList<>(TARGETS * PER_TARGET);
    List<ControlId> controls =
        List.of(ControlId.parse("AC-6(2)"), ControlId.parse("IA-5"), ControlId.parse("CM-6"));
    for (int t = 0; t < TARGETS; t++) {
      String target = "host-" + t;
      for (int i = 0; i < PER_TARGET; i++) {
        boolean fail = i % 10 == 0;
        if (flip && i % 100 == 1) {
          fail = !fail;
        }
        findings.add(
            Finding.builder(
                    RuleId.of("rule.r" + (i % 50)), target, new ResourceRef("file", "/etc/f" + i))
                .title("rule " + (i % 50))
                .status(fail ? Status.FAIL : Status.PASS)
                .severity(Severity.MEDIUM)
                .controls(List.of(controls.get(i % 3)))
                .observed(fail ? "bad" : "good")
                .expected("good")
                .build());
      }
    }
    Instant start = Instant.parse("2026-11-25T10:00:00Z").plusSeconds(3600L * n);
    List<Target> targets = new ArrayList<>();
    for (int t = 0; t < TARGETS; t++) {
      targets.add(Target.local("host-" + t));
    }
    return new Assessment(
        "run-" + n,
        "0.1.0",
        start,
        start.plusSeconds(60),
        targets,
        "default",
        new TreeMap<>(),
        findings,
        List.of(),
        List.of());
  }

  @Setup
  public void setUp() {
    detector = new ChangeDetector();
    previous = run(0, false);
    current = run(1, true);
    states = new HashMap<>();
    for (TargetState s : detector.detect(previous, t -> Optional.empty()).states()) {
      states.put(s.target(), s);
    }
    previousStatus = new HashMap<>();
    for (Finding f : previous.findings()) {
      previousStatus.put(f.id(), f.status());
    }
  }

  @Benchmark
  public ChangeDetector.RunChanges detectAgainstKeptState() {
    return detector.detect(current, t -> Optional.ofNullable(states.get(t)));
  }

  @Benchmark
  public ChangeDetector.RunChanges detectAgainstPreviousAssessment() {
    Map<String, TargetState> before = TargetState.fromAssessment(previous);
    return detector.detect(current, t -> Optional.ofNullable(before.get(t)));
  }

  @Benchmark
  public int baselineHashMapDiff() {
    int changed = 0;
    for (Finding f : current.findings()) {
      Status was = previousStatus.get(f.id());
      if (was != f.status()) {
        changed++;
      }
    }
    return changed;
  }
}
