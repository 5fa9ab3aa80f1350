package dev.vigil.collectors.tls.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket when its time is up, so a server that trickles bytes slower than the read timeout
 * still cannot hold a probe longer than the deadline. One shared daemon thread.
 */
public final class Deadline implements Closeable {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final ScheduledFuture<?> task;

  private Deadline(ScheduledFuture<?> task) {
    this.task = task;
  }

  public static Deadline after(Duration d, Socket socket) {
    return new Deadline(
        TIMER.schedule(
            () -> {
              try {
                socket.close();
              } catch (IOException e) {
                // already closed
              }
            },
            d.toMillis(),
            TimeUnit.MILLISECONDS));
  }

  @Override
  public void close() {
    task.cancel(false);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "vigil-tls-deadline");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
