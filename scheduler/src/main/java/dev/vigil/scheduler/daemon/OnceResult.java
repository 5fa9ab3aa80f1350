package dev.vigil.scheduler.daemon;

import java.util.List;

/**
 * What {@link Daemon#runOnce} did: one record per (target, group), in configuration order.
 *
 * @param records the {@code finished} or {@code failed} record of each scan
 */
public record OnceResult(List<RunRecord> records) {
  public OnceResult {
    records = List.copyOf(records);
  }

  public long failed() {
    return records.stream().filter(r -> r.event().equals("failed")).count();
  }

  /** Exit code for {@code vigil serve --once}: 0 every scan ran, 3 one could not. */
  public int exitCode() {
    return failed() == 0 ? 0 : 3;
  }
}
