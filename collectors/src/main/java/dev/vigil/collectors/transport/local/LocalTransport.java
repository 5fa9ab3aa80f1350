package dev.vigil.collectors.transport.local;

import static java.util.Objects.requireNonNull;

import dev.vigil.collectors.transport.internal.HostFiles;
import dev.vigil.core.Target;
import dev.vigil.core.transport.CommandResult;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine vigil runs on: reads the real filesystem and runs commands directly (no shell) with a
 * time limit and a bound on the output kept. Safe for concurrent use.
 */
public final class LocalTransport implements Transport {
  private final Target target;
  private final Clock clock;

  public LocalTransport() {
    this(Target.local(localHostName()), Clock.systemUTC());
  }

  public LocalTransport(Target target, Clock clock) {
    this.target = requireNonNull(target, "target");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The kernel's host name, or {@code localhost} when it cannot be read. */
  public static String localHostName() {
    try {
      String n =
          new String(
                  java.nio.file.Files.readAllBytes(Path.of("/proc/sys/kernel/hostname")),
                  StandardCharsets.UTF_8)
              .trim();
      if (!n.isEmpty()) {
        return n;
      }
    } catch (IOException | RuntimeException e) {
      // fall through: not Linux or /proc not mounted
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "localhost" : env.trim();
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public FileContent read(String path, long maxBytes) throws IOException {
    return HostFiles.read(host(path), path, maxBytes, true, clock.instant());
  }

  @Override
  public Optional<FileStat> stat(String path) throws IOException {
    return HostFiles.stat(host(path), path, false);
  }

  @Override
  public List<String> list(String dir) throws IOException {
    return HostFiles.list(host(dir), dir);
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout, long maxOutputBytes)
      throws IOException {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANG", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException(String.join(" ", command) + ": cannot run: " + rootMessage(e), e);
    }
    BoundedSink out = new BoundedSink(p.getInputStream(), maxOutputBytes);
    BoundedSink err = new BoundedSink(p.getErrorStream(), Math.min(maxOutputBytes, 64 * 1024));
    Thread to = startDaemon(out, "vigil-cmd-out");
    Thread te = startDaemon(err, "vigil-cmd-err");
    boolean timedOut = false;
    int exit;
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      to.join(5000);
      te.join(5000);
      exit = p.isAlive() ? -1 : p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", command) + ": interrupted", e);
    }
    return new CommandResult(
        command,
        exit,
        out.text(),
        err.text(),
        out.truncated(),
        timedOut,
        started,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private static Path host(String path) throws IOException {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("target paths must be absolute: " + path);
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new FileSystemException(path, null, "invalid path: " + e.getReason());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * Keeps the first {@code max} bytes of a stream and drains the rest so the process never blocks.
   */
  private static final class BoundedSink implements Runnable {
    private final InputStream in;
    private final long max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;

    BoundedSink(InputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (InputStream s = in) {
        int n;
        while ((n = s.read(buf)) > 0) {
          synchronized (kept) {
            long room = max - kept.size();
            if (room > 0) {
              kept.write(buf, 0, (int) Math.min(room, n));
            }
            if (n > room) {
              truncated = true;
            }
          }
        }
      } catch (IOException e) {
        // the process was killed or closed its stream: keep what we have
      }
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }

    boolean truncated() {
      return truncated;
    }
  }

  private static Thread startDaemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
