package dev.vigil.collectors.transport.ssh;

import dev.vigil.collectors.transport.ssh.SshTransport.Access;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the collectors read on a host, learned from the scans before, so the next host of a fleet
 * fetches all of it in one round trip ({@link SshTransport#prefetch}) before its collectors start.
 * The collectors of a fleet read mostly the same paths on every host; what differs (a file only one
 * host has) is still read, one round trip each. Thread-safe; bounded to {@code maxEntries}.
 */
public final class ReadAheadPlan {
  public static final int DEFAULT_MAX_ENTRIES = 5000;

  private final int maxEntries;
  private final long maxBytesPerFile;
  private final Set<Access> accesses = new LinkedHashSet<>();

  /**
   * @param maxBytesPerFile the bound of each prefetched file (a collector reading with a larger
   *     bound reads that file again)
   */
  public ReadAheadPlan(int maxEntries, long maxBytesPerFile) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
    }
    if (maxBytesPerFile <= 0) {
      throw new IllegalArgumentException("maxBytesPerFile must be positive: " + maxBytesPerFile);
    }
    this.maxEntries = maxEntries;
    this.maxBytesPerFile = maxBytesPerFile;
  }

  public ReadAheadPlan() {
    this(DEFAULT_MAX_ENTRIES, 4L * 1024 * 1024);
  }

  /** Adds what a finished scan asked for. */
  public synchronized void learn(Collection<Access> log) {
    for (Access a : log) {
      if (accesses.size() >= maxEntries) {
        return;
      }
      accesses.add(a);
    }
  }

  public synchronized boolean isEmpty() {
    return accesses.isEmpty();
  }

  public synchronized int size() {
    return accesses.size();
  }

  public synchronized List<Access> accesses() {
    return List.copyOf(accesses);
  }

  /**
   * Fetches everything the plan knows in one remote command.
   *
   * @return how many paths were fetched
   */
  public int prefetch(SshTransport transport) throws IOException {
    return transport.prefetch(accesses(), maxBytesPerFile);
  }
}
