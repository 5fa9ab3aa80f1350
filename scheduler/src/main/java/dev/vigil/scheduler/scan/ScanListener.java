package dev.vigil.scheduler.scan;

import dev.vigil.core.Target;

/**
 * Told as each target of a run finishes, for a progress bar. Called from scan threads:
 * implementations must be thread-safe and quick.
 */
public interface ScanListener {
  ScanListener NONE = (target, ok, done, failed, total) -> {};

  /**
   * @param ok false when the target failed as a whole (unreachable, timed out)
   * @param done targets finished so far, failed ones included
   */
  void targetFinished(Target target, boolean ok, int done, int failed, int total);
}
