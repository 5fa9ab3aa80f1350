package dev.vigil.cli;

import dev.vigil.core.Target;
import dev.vigil.scheduler.scan.ScanListener;
import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr for fleet scans: hosts done, failed, remaining, rate. */
final class Progress implements ScanListener {
  private final PrintWriter err;
  private final boolean enabled;
  private final long started = System.nanoTime();
  private boolean drawn;
  private boolean closed;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  @Override
  public synchronized void targetFinished(
      Target target, boolean ok, int done, int failed, int total) {
    if (!enabled || closed) {
      // closed: a target that outlived its timeout must not draw over the summary
      return;
    }
    double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    err.printf(
        Locale.ROOT,
        "\r[%s%s] %d/%d done, %d failed, %d remaining, %.1f hosts/s ",
        "#".repeat(filled),
        ".".repeat(width - filled),
        done,
        total,
        failed,
        total - done,
        done / seconds);
    err.flush();
    drawn = true;
  }

  synchronized void clear() {
    closed = true;
    if (drawn) {
      err.print("\r" + " ".repeat(90) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
