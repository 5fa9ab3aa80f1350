package dev.vigil.alerts.change;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.event.AlertAction;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.event.ControlAlert;
import dev.vigil.alerts.event.FindingAlert;
import dev.vigil.core.Assessment;
import dev.vigil.core.Change;
import dev.vigil.core.ControlId;
import dev.vigil.core.ControlResult;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.RuleId;
import dev.vigil.core.Status;
import dev.vigil.core.WaiverRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compares a run with the previous state of each (target, rule, resource). Pure: no I/O, no clock;
 * thread-safe.
 *
 * <p>Per finding, with failing meaning status {@code fail} (waived or not):
 *
 * <ul>
 *   <li>{@link Change}: failing now and before is {@code STILL_FAILING}; failing now and not before
 *       is {@code REGRESSED} when it had been resolved once, else {@code NEW_FAILURE}; passing now
 *       after failing is {@code RESOLVED}; anything else is {@code UNCHANGED}. A status that says
 *       nothing about pass or fail (error, unknown, notapplicable, ...) leaves the remembered state
 *       as it was.
 *   <li>Events concern open (unwaived) failures only: becoming open emits {@code new}, {@code
 *       regressed}, or {@code waiver-expired} when a waived failure's waiver has expired; an open
 *       failure that passes emits {@code resolved}. Still-failing findings emit nothing. An open
 *       failure whose resource is no longer reported is resolved too, unless the same rule reported
 *       error or unknown on the target in this run (then absence means we could not look).
 *   <li>Controls: the rollup per target ({@link TargetRollup}); a move between satisfied and
 *       other-than-satisfied since the last conclusive rollup emits {@code control-changed}. A
 *       control seen for the first time emits nothing (its findings already did).
 * </ul>
 *
 * <p>A target without any finding in the run (unreachable, or nothing applied) is left out: its
 * state is neither read nor changed.
 */
public final class ChangeDetector {
  /** Memos of findings not reported for this long are forgotten. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  private final Duration retention;

  public ChangeDetector() {
    this(DEFAULT_RETENTION);
  }

  public ChangeDetector(Duration retention) {
    requireNonNull(retention, "retention");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("state retention must not be negative: " + retention);
    }
    this.retention = retention;
  }

  /** The outcome for one target. */
  public record TargetChanges(
      String target, List<Finding> annotated, List<AlertEvent> events, TargetState next) {
    public TargetChanges {
      annotated = List.copyOf(annotated);
      events = List.copyOf(events);
    }
  }

  /**
   * The outcome for one run.
   *
   * @param annotated every finding of the run, in the run's order, with its change set (findings of
   *     targets left out keep theirs)
   * @param events per target in the order targets first appear in the run
   * @param states the next state of every target that had findings
   */
  public record RunChanges(
      Assessment annotated, List<AlertEvent> events, List<TargetState> states) {
    public RunChanges {
      requireNonNull(annotated, "annotated");
      events = List.copyOf(events);
      states = List.copyOf(states);
    }
  }

  /**
   * Detects the changes of every target of {@code current}; {@code previous} returns the remembered
   * state of a target, empty for a target never seen. Events carry the run's end as their time.
   */
  public RunChanges detect(Assessment current, Function<String, Optional<TargetState>> previous) {
    Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
    List<Finding> findings = current.findings();
    for (int i = 0; i < findings.size(); i++) {
      byTarget.computeIfAbsent(findings.get(i).target(), t -> new ArrayList<>()).add(i);
    }
    Map<ControlId, String> titles = new HashMap<>();
    for (ControlResult r : current.controls()) {
      r.title().ifPresent(t -> titles.put(r.control(), t));
    }
    Finding[] annotated = findings.toArray(new Finding[0]);
    List<AlertEvent> events = new ArrayList<>();
    List<TargetState> states = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byTarget.entrySet()) {
      List<Finding> mine = new ArrayList<>(e.getValue().size());
      for (int i : e.getValue()) {
        mine.add(findings.get(i));
      }
      TargetChanges changes =
          detect(
              e.getKey(),
              mine,
              previous.apply(e.getKey()),
              current.runId(),
              current.toolVersion(),
              current.finishedAt(),
              titles);
      for (int k = 0; k < e.getValue().size(); k++) {
        annotated[e.getValue().get(k)] = changes.annotated().get(k);
      }
      events.addAll(changes.events());
      states.add(changes.next());
    }
    return new RunChanges(current.withFindings(List.of(annotated)), events, states);
  }

  /** Detects the changes of one target; {@code current} are that target's findings of the run. */
  public TargetChanges detect(
      String target,
      List<Finding> current,
      Optional<TargetState> previous,
      String runId,
      String toolVersion,
      Instant time,
      Map<ControlId, String> controlTitles) {
    Map<String, FindingMemo> before = previous.map(TargetState::findings).orElse(Map.of());
    HashMap<String, FindingMemo> next = new HashMap<>(before.size() + current.size());
    List<Finding> annotated = new ArrayList<>(current.size());
    List<AlertEvent> events = new ArrayList<>();
    Set<RuleId> inconclusiveRules = new HashSet<>();

    int matched = 0;
    for (Finding f : current) {
      if (f.status() == Status.ERROR || f.status() == Status.UNKNOWN) {
        inconclusiveRules.add(f.rule());
      }
      FindingMemo memo = before.get(f.id());
      if (memo != null) {
        matched++;
      }
      MemoState was = memo == null ? MemoState.UNKNOWN : memo.state();
      boolean resolvedBefore = memo != null && memo.resolvedBefore();
      Optional<MemoState> now = MemoState.of(f);

      Change change;
      if (f.status() == Status.FAIL) {
        change =
            was.failing()
                ? Change.STILL_FAILING
                : resolvedBefore ? Change.REGRESSED : Change.NEW_FAILURE;
      } else if (f.status() == Status.PASS && was.failing()) {
        change = Change.RESOLVED;
      } else {
        change = Change.UNCHANGED;
      }
      annotated.add(f.withChange(change));

      if (now.isPresent() && now.get() == MemoState.OPEN && was != MemoState.OPEN) {
        AlertAction action;
        if (was == MemoState.WAIVED && f.waiver().map(WaiverRef::expired).orElse(false)) {
          action = AlertAction.WAIVER_EXPIRED;
        } else if (change == Change.REGRESSED) {
          action = AlertAction.REGRESSED;
        } else {
          action = AlertAction.NEW;
        }
        events.add(
            AlertEvent.forFinding(
                action, runId, toolVersion, time, target, FindingAlert.of(f, change)));
      } else if (now.isPresent() && now.get() == MemoState.PASS && was == MemoState.OPEN) {
        events.add(
            AlertEvent.forFinding(
                AlertAction.RESOLVED,
                runId,
                toolVersion,
                time,
                target,
                FindingAlert.of(f, change)));
      }
      next.put(
          f.id(),
          new FindingMemo(
              f.rule(),
              f.title(),
              f.resource(),
              f.severity(),
              f.controls(),
              now.orElse(was),
              resolvedBefore || change == Change.RESOLVED,
              time));
    }

    // Remembered findings this run did not report, in id order so the events are deterministic.
    SortedMap<String, FindingMemo> absent = new TreeMap<>();
    if (matched < before.size()) {
      for (Map.Entry<String, FindingMemo> e : before.entrySet()) {
        if (!next.containsKey(e.getKey())) {
          absent.put(e.getKey(), e.getValue());
        }
      }
    }
    Instant forgetBefore = time.minus(retention);
    for (Map.Entry<String, FindingMemo> e : absent.entrySet()) {
      FindingMemo memo = e.getValue();
      if (memo.state() == MemoState.OPEN && !inconclusiveRules.contains(memo.rule())) {
        FindingAlert gone =
            new FindingAlert(
                e.getKey(),
                memo.rule(),
                memo.title(),
                memo.resource(),
                memo.severity(),
                memo.controls(),
                Optional.empty(),
                Change.RESOLVED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        events.add(
            AlertEvent.forFinding(AlertAction.RESOLVED, runId, toolVersion, time, target, gone));
        next.put(e.getKey(), memo.with(MemoState.PASS, true));
      } else if (!memo.lastSeen().isBefore(forgetBefore)) {
        next.put(e.getKey(), memo);
      }
    }

    Map<String, ControlStatus> controlsBefore =
        previous.map(TargetState::controls).orElse(Map.of());
    HashMap<String, ControlStatus> controlsNext = new HashMap<>(controlsBefore);
    for (Map.Entry<ControlId, TargetRollup.Result> e : TargetRollup.compute(current).entrySet()) {
      ControlStatus now = e.getValue().status();
      if (now == ControlStatus.NOT_ASSESSED) {
        continue;
      }
      String id = e.getKey().toString();
      ControlStatus was = controlsBefore.get(id);
      if (was != null && was != now) {
        events.add(
            AlertEvent.forControl(
                runId,
                toolVersion,
                time,
                target,
                new ControlAlert(
                    e.getKey(),
                    Optional.ofNullable(controlTitles.get(e.getKey())),
                    was,
                    now,
                    e.getValue().severity(),
                    e.getValue().findings())));
      }
      controlsNext.put(id, now);
    }

    return new TargetChanges(
        target,
        annotated,
        events,
        new TargetState(
            TargetState.VERSION,
            target,
            runId,
            time,
            FrozenMap.adopt(next),
            FrozenMap.adopt(controlsNext)));
  }
}
