package dev.vigil.scheduler.daemon;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One line of a node's run journal: a scan of one target for one schedule fire started, finished or
 * failed, or a fire was missed. In a cluster, {@code (target, group, scheduled)} identifies a fire
 * across nodes, so the journals of all nodes show that each fire ran exactly once.
 *
 * @param event {@code started}, {@code finished}, {@code failed} or {@code misfired}
 * @param scheduled when the schedule wanted the scan (for a recovered scan: the original fire)
 * @param recovering this node re-runs a scan that a dead node had started
 * @param runId the evidence archive run, once written
 * @param findings counts by status, for finished scans
 */
public record RunRecord(
    String event,
    String target,
    String group,
    Instant scheduled,
    Instant at,
    String node,
    boolean recovering,
    Optional<String> runId,
    Optional<Long> durationMillis,
    Optional<String> error,
    Map<String, Integer> findings) {
  public RunRecord {
    requireNonNull(event, "event");
    requireNonNull(target, "target");
    requireNonNull(group, "group");
    requireNonNull(scheduled, "scheduled");
    requireNonNull(at, "at");
    requireNonNull(node, "node");
    runId = runId == null ? Optional.empty() : runId;
    durationMillis = durationMillis == null ? Optional.empty() : durationMillis;
    error = error == null ? Optional.empty() : error;
    findings = Map.copyOf(findings == null ? Map.of() : findings);
  }
}
