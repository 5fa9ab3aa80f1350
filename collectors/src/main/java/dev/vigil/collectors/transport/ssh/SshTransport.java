package dev.vigil.collectors.transport.ssh;

import static java.util.Objects.requireNonNull;

import dev.vigil.collectors.transport.ssh.internal.RemoteBatch;
import dev.vigil.collectors.transport.ssh.internal.RemoteBatch.ListDir;
import dev.vigil.collectors.transport.ssh.internal.RemoteBatch.Op;
import dev.vigil.collectors.transport.ssh.internal.RemoteBatch.Read;
import dev.vigil.collectors.transport.ssh.internal.RemoteBatch.Result;
import dev.vigil.collectors.transport.ssh.internal.RemoteBatch.Size;
import dev.vigil.collectors.transport.ssh.internal.RemoteBatch.Stat;
import dev.vigil.collectors.transport.ssh.internal.RemoteBatch.Tree;
import dev.vigil.collectors.transport.ssh.internal.Shell;
import dev.vigil.collectors.transport.ssh.internal.SshSessions;
import dev.vigil.collectors.transport.ssh.internal.SshSessions.Exec;
import dev.vigil.core.Target;
import dev.vigil.core.transport.CommandResult;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.FileTooLargeException;
import dev.vigil.core.transport.FileType;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a remote host over one SSH connection, needing nothing on the host but a POSIX shell and
 * the usual {@code head}, {@code ls} and {@code stat}. No SFTP subsystem is used.
 *
 * <p>Every read, stat and listing goes through a shell script sent on the standard input of one
 * {@code sh -s} ({@code sudo -n sh -s} with sudo), bounded per file, per command output and in
 * time. {@link #prefetch} reads many paths in one such command; its results, like those of every
 * single read, are cached for the rest of the scan, so the collectors' own calls are answered
 * without a round trip. A transport is one scan: create it, scan, close it.
 *
 * <p>Thread-safe: several collectors may use it at once; at most {@value SshSessions#MAX_CHANNELS}
 * remote commands run at the same time on the connection.
 */
public final class SshTransport implements Transport {
  private static final long DEFAULT_PREFETCH_BYTES = 4L * 1024 * 1024;

  private final Target target;
  private final SshTargetConfig config;
  private final SshSessions sessions;
  private final Optional<String> sudoProblem;
  private final Map<String, Cached<ReadEntry>> reads = new ConcurrentHashMap<>();
  private final Map<String, Cached<Optional<FileStat>>> stats = new ConcurrentHashMap<>();
  private final Map<String, Cached<List<String>>> lists = new ConcurrentHashMap<>();
  private final Set<Access> accessLog = ConcurrentHashMap.newKeySet();

  /** Stats and listings that came from a tree fetch: not logged, the tree is. */
  private final Set<String> fromTree = ConcurrentHashMap.newKeySet();

  private volatile boolean treesWork = true;
  private final AtomicLong roundTrips = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();

  private SshTransport(
      Target target, SshTargetConfig config, SshSessions sessions, Optional<String> sudoProblem) {
    this.target = target;
    this.config = config;
    this.sessions = sessions;
    this.sudoProblem = sudoProblem;
  }

  /**
   * Connects, verifies the host key, logs in and (with sudo) checks that {@code sudo -n} works.
   *
   * @throws SshConnectException naming the host and why: unreachable, timeout, unknown or changed
   *     host key (with its fingerprint), authentication refused
   */
  public static SshTransport connect(Target target, SshTargetConfig config)
      throws SshConnectException {
    requireNonNull(target, "target");
    requireNonNull(config, "config");
    SshSessions sessions = SshSessions.open(config);
    Optional<String> sudoProblem = Optional.empty();
    if (config.sudo()) {
      try {
        Exec probe =
            sessions.exec("sudo -n true", new byte[0], config.connectTimeout(), 64 * 1024, false);
        if (probe.exitCode() != 0) {
          String why = probe.stderrText().strip();
          sudoProblem =
              Optional.of(
                  "sudo -n failed for "
                      + config.user()
                      + " ("
                      + (why.isEmpty() ? "exit " + probe.exitCode() : why.lines().findFirst().get())
                      + "), reading as "
                      + config.user());
        }
      } catch (IOException e) {
        sessions.close();
        throw new SshConnectException(
            SshConnectException.Kind.PROTOCOL,
            config.address() + ": cannot run the sudo check: " + e.getMessage(),
            e);
      }
    }
    return new SshTransport(target, config, sessions, sudoProblem);
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public boolean live() {
    return true;
  }

  public SshTargetConfig config() {
    return config;
  }

  /** Why sudo is not used although configured ({@code sudo -n} would prompt); empty otherwise. */
  public Optional<String> sudoProblem() {
    return sudoProblem;
  }

  /** How many remote commands this transport has run (reads, batches, commands). */
  public long roundTrips() {
    return roundTrips.get();
  }

  /** How many bytes the remote commands sent (standard output). */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  /** The {@code SSH_MSG_KEXINIT} peer identification, e.g. {@code SSH-2.0-OpenSSH_9.2p1}. */
  public String serverVersion() {
    return sessions.serverVersion();
  }

  // ---------------------------------------------------------------------------------------------
  // Transport

  @Override
  public FileContent read(String path, long maxBytes) throws IOException {
    checkPath(path);
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    accessLog.add(new Access(AccessKind.READ, path));
    Cached<ReadEntry> c = reads.get(path);
    if (c == null || !c.answers(maxBytes)) {
      fetch(List.of(new Read(path, maxBytes + 1)), Long.MAX_VALUE);
      c = reads.get(path);
      if (c == null) {
        throw new IOException(path + ": no answer from " + config.address());
      }
    }
    return c.get().content(path, maxBytes);
  }

  @Override
  public Optional<FileStat> stat(String path) throws IOException {
    checkPath(path);
    Cached<Optional<FileStat>> c = stats.get(path);
    if (c == null || !fromTree.contains("s:" + path)) {
      accessLog.add(new Access(AccessKind.STAT, path));
    }
    if (c == null) {
      fetch(List.of(new Stat(path)), Long.MAX_VALUE);
      c = stats.get(path);
      if (c == null) {
        throw new IOException(path + ": no answer from " + config.address());
      }
    }
    return c.get();
  }

  @Override
  public List<String> list(String dir) throws IOException {
    checkPath(dir);
    Cached<List<String>> c = lists.get(dir);
    if (c == null && treesWork && !dir.equals("/")) {
      // A directory is usually listed to walk it: fetch the lstat of its whole tree at once, so
      // the walk's later stats and listings are answered from the cache.
      accessLog.add(new Access(AccessKind.TREE, dir));
      fetch(List.of(new Tree(dir, treeBound())), Long.MAX_VALUE);
      c = lists.get(dir);
    } else if (c == null || !fromTree.contains("l:" + dir)) {
      accessLog.add(new Access(AccessKind.LIST, dir));
    }
    if (c == null) {
      accessLog.add(new Access(AccessKind.LIST, dir));
      fetch(List.of(new ListDir(dir)), Long.MAX_VALUE);
      c = lists.get(dir);
      if (c == null) {
        throw new IOException(dir + ": no answer from " + config.address());
      }
    }
    return c.get();
  }

  /**
   * Runs {@code command} on the target (through {@code sudo -n} when configured and working). The
   * command gets no standard input. At the time limit the remote process is killed and the result
   * is marked timed out; output beyond {@code maxOutputBytes} (per stream) is cut and marked
   * truncated.
   */
  @Override
  public CommandResult run(List<String> command, Duration timeout, long maxOutputBytes)
      throws IOException {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    requireNonNull(timeout, "timeout");
    String marker = "=vigil-pid=";
    String missing = "=vigil-cannot-run=";
    String script =
        "LC_ALL=C; LANG=C; export LC_ALL LANG\n"
            + "printf '%s %s\\n' '"
            + marker
            + "' \"$$\"\n"
            + "command -v "
            + Shell.quote(command.get(0))
            + " >/dev/null 2>&1 || { printf '%s\\n' '"
            + missing
            + "'; exit 127; }\n"
            + "exec "
            + Shell.join(command)
            + " </dev/null\n";
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    roundTrips.incrementAndGet();
    Exec r =
        sessions.exec(
            shellCommand(),
            script.getBytes(StandardCharsets.UTF_8),
            timeout,
            maxOutputBytes + marker.length() + 24,
            true);
    bytesReceived.addAndGet(r.length());
    byte[] out = Arrays.copyOf(r.stdout(), r.length());
    String text = new String(out, StandardCharsets.UTF_8);
    Optional<Long> pid = Optional.empty();
    if (text.startsWith(marker + " ")) {
      int eol = text.indexOf('\n');
      if (eol > 0) {
        try {
          pid = Optional.of(Long.parseLong(text.substring(marker.length() + 1, eol).trim()));
        } catch (NumberFormatException e) {
          pid = Optional.empty();
        }
        text = text.substring(eol + 1);
      }
    }
    if (r.exitCode() == 127 && text.startsWith(missing)) {
      throw new IOException(
          String.join(" ", command) + ": cannot run: not found on " + config.address());
    }
    boolean truncated = r.truncated();
    byte[] stdoutBytes = text.getBytes(StandardCharsets.UTF_8);
    if (stdoutBytes.length > maxOutputBytes) {
      text = new String(stdoutBytes, 0, (int) maxOutputBytes, StandardCharsets.UTF_8);
      truncated = true;
    }
    String err = r.stderrText();
    if (err.length() > maxOutputBytes) {
      err = err.substring(0, (int) maxOutputBytes);
      truncated = true;
    }
    return new CommandResult(
        command,
        r.timedOut() ? -1 : r.exitCode(),
        text,
        err,
        truncated,
        r.timedOut(),
        started,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  @Override
  public void close() {
    sessions.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Batches

  /**
   * Reads files, stats paths and lists directories in ONE remote command and caches the answers for
   * the following {@link #read}, {@link #stat} and {@link #list} calls. Files are read up to {@code
   * maxBytesPerFile} each; the command's whole output is bounded by the config's {@code
   * maxOutputBytes}. Best effort: paths whose answers are missing (the bound was hit) are simply
   * not cached and are fetched again when read. Paths already cached are skipped.
   *
   * @return how many paths were fetched
   * @throws IOException when the command could not run at all (connection lost, time limit)
   */
  public int prefetch(
      Collection<String> files,
      Collection<String> statPaths,
      Collection<String> dirs,
      long maxBytesPerFile)
      throws IOException {
    List<Op> ops = new ArrayList<>();
    for (String p : new LinkedHashSet<>(files)) {
      Cached<ReadEntry> c = reads.get(p);
      if (valid(p) && (c == null || !c.answers(maxBytesPerFile))) {
        ops.add(new Read(p, maxBytesPerFile + 1));
      }
    }
    for (String p : new LinkedHashSet<>(statPaths)) {
      if (valid(p) && !stats.containsKey(p)) {
        ops.add(new Stat(p));
      }
    }
    for (String p : new LinkedHashSet<>(dirs)) {
      if (valid(p) && !lists.containsKey(p)) {
        ops.add(new ListDir(p));
      }
    }
    if (ops.isEmpty()) {
      return 0;
    }
    fetch(ops, config.maxOutputBytes());
    return ops.size();
  }

  /** {@link #prefetch(Collection, Collection, Collection, long)} of files only, 4 MiB each. */
  public int prefetch(Collection<String> files) throws IOException {
    return prefetch(files, List.of(), List.of(), DEFAULT_PREFETCH_BYTES);
  }

  /**
   * Every path the collectors asked for so far, by kind: what a {@link ReadAheadPlan} learns so the
   * next host of a fleet can prefetch it in one round trip.
   */
  public List<Access> accessLog() {
    return List.copyOf(accessLog);
  }

  /** Forgets every cached answer (a second scan over the same connection). */
  public void clearCache() {
    reads.clear();
    stats.clear();
    lists.clear();
  }

  /** What a collector asked a transport for. */
  public record Access(AccessKind kind, String path) {
    public Access {
      requireNonNull(kind, "kind");
      requireNonNull(path, "path");
    }
  }

  public enum AccessKind {
    READ,
    STAT,
    LIST,
    /** lstat of a whole directory tree (what a walk needs), fetched when a directory is listed. */
    TREE
  }

  private long treeBound() {
    return Math.min(config.maxOutputBytes(), 8L * 1024 * 1024);
  }

  /**
   * Fetches what {@code accesses} name (a {@link ReadAheadPlan}) in one remote command: files up to
   * {@code maxBytesPerFile} each, stats, listings and whole trees. Best effort, like {@link
   * #prefetch(Collection, Collection, Collection, long)}.
   *
   * @return how many operations were sent
   */
  public int prefetch(Collection<Access> accesses, long maxBytesPerFile) throws IOException {
    List<Op> ops = new ArrayList<>();
    List<String> trees = new ArrayList<>();
    for (Access a : new LinkedHashSet<>(accesses)) {
      if (a.kind() == AccessKind.TREE
          && treesWork
          && valid(a.path())
          && !lists.containsKey(a.path())) {
        trees.add(a.path());
        ops.add(new Tree(a.path(), treeBound()));
      }
    }
    for (Access a : new LinkedHashSet<>(accesses)) {
      String p = a.path();
      if (!valid(p)) {
        continue;
      }
      switch (a.kind()) {
        case READ -> {
          Cached<ReadEntry> c = reads.get(p);
          if (c == null || !c.answers(maxBytesPerFile)) {
            ops.add(new Read(p, maxBytesPerFile + 1));
          }
        }
        case STAT -> {
          if (!stats.containsKey(p) && !under(p, trees)) {
            ops.add(new Stat(p));
          }
        }
        case LIST -> {
          if (!lists.containsKey(p) && !under(p, trees)) {
            ops.add(new ListDir(p));
          }
        }
        case TREE -> {
          // sent first, above
        }
      }
    }
    if (ops.isEmpty()) {
      return 0;
    }
    fetch(ops, config.maxOutputBytes());
    return ops.size();
  }

  private static boolean under(String path, List<String> roots) {
    for (String r : roots) {
      if (path.equals(r) || path.startsWith(r.endsWith("/") ? r : r + "/")) {
        return true;
      }
    }
    return false;
  }

  private static boolean valid(String path) {
    return path != null && path.startsWith("/") && path.indexOf('\n') < 0 && path.indexOf(0) < 0;
  }

  private static void checkPath(String path) {
    requireNonNull(path, "path");
    if (!valid(path)) {
      throw new IllegalArgumentException("path must be absolute, without newline or NUL: " + path);
    }
  }

  private String shellCommand() {
    return config.sudo() && sudoProblem.isEmpty() ? "sudo -n /bin/sh -s" : "/bin/sh -s";
  }

  /** Runs one batch (plus one for the sizes of files that were too large) and caches answers. */
  private void fetch(List<Op> ops, long outputBound) throws IOException {
    Instant at = Instant.now();
    RemoteBatch batch = new RemoteBatch(ops);
    long bound = Math.min(outputBound, config.maxOutputBytes());
    for (Op op : ops) {
      if (op instanceof Read r) {
        // A single read must be able to return its whole bound.
        bound = Math.max(bound, Math.min(Long.MAX_VALUE - 4096, r.limit()) + 4096);
      }
    }
    roundTrips.incrementAndGet();
    Exec r = sessions.batch(shellCommand(), batch, config.commandTimeout(), bound);
    bytesReceived.addAndGet(r.length());
    Optional<Long> pid = batch.pid(r.stdout(), r.length());
    if (pid.isEmpty()) {
      String why = r.stderrText().strip();
      throw new IOException(
          config.address()
              + ": the remote shell did not start"
              + (r.timedOut() ? " (timed out)" : "")
              + (why.isEmpty() ? " (exit " + r.exitCode() + ")" : ": " + firstLine(why)));
    }
    List<Result> results = batch.parse(r.stdout(), r.length());
    List<Op> tooLarge = new ArrayList<>();
    for (Result res : results) {
      store(res, at, tooLarge);
    }
    if (!tooLarge.isEmpty()) {
      RemoteBatch sizes = new RemoteBatch(tooLarge);
      roundTrips.incrementAndGet();
      Exec s =
          sessions.batch(
              shellCommand(), sizes, config.commandTimeout(), 64L * 1024 + tooLarge.size() * 64L);
      for (Result res : sizes.parse(s.stdout(), s.length())) {
        long size = -1;
        if (res.status() == RemoteBatch.Status.OK) {
          try {
            size = Long.parseLong(res.statLine().trim());
          } catch (NumberFormatException e) {
            size = -1;
          }
        }
        Cached<ReadEntry> c = reads.get(res.op().path());
        if (c != null && c.value != null && c.value.tooLargeAt() >= 0) {
          long known = size;
          long limit = c.value.tooLargeAt();
          reads.put(
              res.op().path(),
              Cached.of(new ReadEntry(null, known > limit ? known : limit + 1, limit, at)));
        }
      }
    }
    if (r.timedOut()) {
      throw new IOException(
          config.address()
              + ": a batch of "
              + ops.size()
              + " reads timed out after "
              + config.commandTimeout().toSeconds()
              + " s ("
              + results.size()
              + " answered)");
    }
  }

  private void store(Result res, Instant at, List<Op> tooLarge) {
    Op op = res.op();
    String path = op.path();
    if (op instanceof Read read) {
      long limit = read.limit() - 1;
      switch (res.status()) {
        case OK -> {
          if (res.exitCode() != 0) {
            reads.put(path, Cached.error(new IOException(path + ": read failed on the target")));
          } else if (res.content().length > limit) {
            reads.put(path, Cached.of(new ReadEntry(null, limit + 1, limit, at)));
            tooLarge.add(new Size(path));
          } else {
            reads.put(path, Cached.of(new ReadEntry(res.content(), -1, limit, at)));
          }
        }
        case DIRECTORY ->
            reads.put(path, Cached.error(new FileSystemException(path, null, "is a directory")));
        case NOT_REGULAR ->
            reads.put(
                path, Cached.error(new FileSystemException(path, null, "not a regular file")));
        default -> reads.put(path, Cached.error(classify(path, res.message())));
      }
    } else if (op instanceof Stat) {
      if (res.status() == RemoteBatch.Status.OK) {
        try {
          stats.put(path, Cached.of(Optional.of(parseStat(path, res))));
        } catch (IOException e) {
          stats.put(path, Cached.error(e));
        }
      } else {
        IOException e = classify(path, res.message());
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
          stats.put(path, Cached.of(Optional.empty()));
        } else {
          stats.put(path, Cached.error(e));
        }
      }
    } else if (op instanceof Tree tree) {
      if (res.status() != RemoteBatch.Status.OK) {
        treesWork = false; // no GNU find/stat: list and stat one by one
        return;
      }
      storeTree(tree, res.content(), at);
    } else if (op instanceof ListDir) {
      switch (res.status()) {
        case OK -> {
          String text = new String(res.content(), StandardCharsets.UTF_8);
          List<String> names =
              text.isEmpty() ? List.of() : text.lines().filter(s -> !s.isEmpty()).sorted().toList();
          lists.put(path, Cached.of(names));
        }
        case NOT_DIRECTORY -> lists.put(path, Cached.error(new NotDirectoryException(path)));
        default -> lists.put(path, Cached.error(classify(path, res.message())));
      }
    }
  }

  /**
   * Caches the lstat of every path of a tree, and the listing of every directory whose entries the
   * output holds completely: find prints depth first, so when the output was cut, only the
   * directories on the path to the last entry are incomplete. Directories with errors (permission
   * denied) and other file systems ({@code -xdev}) are left to their own listing.
   */
  private void storeTree(Tree tree, byte[] content, Instant at) {
    boolean cut = content.length >= tree.limit();
    String text = new String(content, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(text.lines().toList());
    if (cut && !lines.isEmpty()) {
      lines.remove(lines.size() - 1); // possibly a partial line
    }
    Map<String, FileStat> entries = new java.util.LinkedHashMap<>();
    Map<String, Long> devices = new HashMap<>();
    Set<String> uncertain = new java.util.HashSet<>();
    String last = null;
    for (String line : lines) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        errorPath(line).ifPresent(uncertain::add);
        continue;
      }
      String[] f = line.substring(0, tab).split(" ");
      String[] names = line.substring(tab + 1).split("\t", 2);
      if (f.length != 6 || names.length != 2 || !f[0].matches("[0-9a-f]+")) {
        errorPath(line).ifPresent(uncertain::add);
        continue;
      }
      String path = names[0];
      String quoted = names[1];
      try {
        Optional<String> link = Optional.empty();
        if (!quoted.equals(path)) {
          if (!quoted.startsWith(path + " -> ")) {
            uncertain.add(parent(path)); // a name with a tab or newline: do not trust its dir
            continue;
          }
          link = Optional.of(quoted.substring(path.length() + 4));
        }
        Result r =
            new Result(
                new Stat(path),
                RemoteBatch.Status.OK,
                new byte[0],
                0,
                "g9 " + f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + f[4],
                link,
                "");
        entries.put(path, parseStat(path, r));
        devices.put(path, Long.parseLong(f[5]));
        last = path;
      } catch (IOException | RuntimeException e) {
        uncertain.add(parent(path));
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    Map<String, List<String>> children = new HashMap<>();
    for (Map.Entry<String, FileStat> e : entries.entrySet()) {
      String path = e.getKey();
      if (stats.putIfAbsent(path, Cached.of(Optional.of(e.getValue()))) == null) {
        fromTree.add("s:" + path);
      }
      if (e.getValue().type() == FileType.DIRECTORY) {
        children.putIfAbsent(path, new ArrayList<>());
      }
      if (!path.equals(tree.path())) {
        children.computeIfAbsent(parent(path), k -> new ArrayList<>()).add(name(path));
      }
    }
    Long rootDevice = devices.get(tree.path());
    for (Map.Entry<String, List<String>> e : children.entrySet()) {
      String dir = e.getKey();
      FileStat st = entries.get(dir);
      if (st == null
          || st.type() != FileType.DIRECTORY
          || uncertain.contains(dir)
          || !devices.get(dir).equals(rootDevice)
          || (cut && last != null && under(last, List.of(dir)))) {
        continue;
      }
      List<String> names = new ArrayList<>(e.getValue());
      java.util.Collections.sort(names);
      if (lists.putIfAbsent(dir, Cached.of(List.copyOf(names))) == null) {
        fromTree.add("l:" + dir);
      }
    }
  }

  /** The path an error line of find or stat names ({@code find: '/x': Permission denied}). */
  private static Optional<String> errorPath(String line) {
    int a = line.indexOf('\'');
    int b = line.indexOf("': ", a + 1);
    return a >= 0 && b > a ? Optional.of(line.substring(a + 1, b)) : Optional.empty();
  }

  private static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? "/" : path.substring(0, i);
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private IOException classify(String path, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("permission denied") || m.contains("operation not permitted")) {
      String reason = sudoProblem.map(p -> "permission denied; " + p).orElse("permission denied");
      return new AccessDeniedException(path, null, reason);
    }
    if (m.contains("no such file")) {
      return new NoSuchFileException(path);
    }
    if (m.contains("not a directory")) {
      return new NotDirectoryException(path);
    }
    if (m.contains("too many levels of symbolic links")) {
      return new FileSystemLoopException(path);
    }
    return new IOException(path + ": " + firstLine(message.strip()));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  // ---------------------------------------------------------------------------------------------
  // stat output

  private static final DateTimeFormatter LS_RECENT =
      DateTimeFormatter.ofPattern("MMM d HH:mm yyyy", Locale.ROOT);
  private static final DateTimeFormatter LS_OLD =
      DateTimeFormatter.ofPattern("MMM d yyyy HH:mm", Locale.ROOT);

  static FileStat parseStat(String path, Result res) throws IOException {
    String line = res.statLine().trim();
    String[] f = line.split("\\s+");
    try {
      if (f[0].equals("l")) {
        return parseLs(path, line.substring(1).trim(), res.linkTarget());
      }
      // <flavour> <hex mode> <uid> <gid> <size> <mtime[.nanos]>
      int raw = Integer.parseInt(f[1], 16);
      FileType type =
          switch (raw & 0170000) {
            case 0100000 -> FileType.FILE;
            case 0040000 -> FileType.DIRECTORY;
            case 0120000 -> FileType.SYMLINK;
            default -> FileType.OTHER;
          };
      Instant mtime;
      String t = f[5];
      int dot = t.indexOf('.');
      if (dot >= 0) {
        String frac = (t.substring(dot + 1) + "000000000").substring(0, 9);
        mtime = Instant.ofEpochSecond(Long.parseLong(t.substring(0, dot)), Long.parseLong(frac));
      } else {
        mtime = Instant.ofEpochSecond(Long.parseLong(t));
      }
      return new FileStat(
          path,
          type,
          raw & 07777,
          Long.parseLong(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          mtime,
          type == FileType.SYMLINK ? res.linkTarget() : Optional.empty());
    } catch (RuntimeException e) {
      throw new IOException(path + ": cannot parse the target's stat output: " + line, e);
    }
  }

  /** {@code -rwsr-xr-x 1 0 0 1234 Nov 25 14:44 /path}, the fallback without stat(1). */
  private static FileStat parseLs(String path, String line, Optional<String> link) {
    String[] f = line.split("\\s+", 9);
    String m = f[0];
    FileType type =
        switch (m.charAt(0)) {
          case '-' -> FileType.FILE;
          case 'd' -> FileType.DIRECTORY;
          case 'l' -> FileType.SYMLINK;
          default -> FileType.OTHER;
        };
    int mode = 0;
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      char c = m.charAt(1 + i);
      if (c == rwx.charAt(i) || ((i == 2 || i == 5) && c == 's') || (i == 8 && c == 't')) {
        mode |= 1 << (8 - i);
      }
    }
    if (m.charAt(3) == 's' || m.charAt(3) == 'S') {
      mode |= 04000;
    }
    if (m.charAt(6) == 's' || m.charAt(6) == 'S') {
      mode |= 02000;
    }
    if (m.charAt(9) == 't' || m.charAt(9) == 'T') {
      mode |= 01000;
    }
    Instant mtime = Instant.EPOCH;
    try {
      if (f[7].contains(":")) {
        mtime =
            LocalDateTime.parse(f[5] + " " + f[6] + " " + f[7] + " " + Year.now(), LS_RECENT)
                .toInstant(ZoneOffset.UTC);
      } else {
        mtime =
            LocalDateTime.parse(f[5] + " " + f[6] + " " + f[7] + " 00:00", LS_OLD)
                .toInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      mtime = Instant.EPOCH; // ls dates are only a fallback; the mode and owners matter
    }
    return new FileStat(
        path,
        type,
        mode,
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        mtime,
        type == FileType.SYMLINK ? link : Optional.empty());
  }

  // ---------------------------------------------------------------------------------------------
  // cache entries

  /** A file's bytes, or that it was larger than {@code tooLargeAt}. */
  private record ReadEntry(byte[] bytes, long size, long limitRead, Instant readAt) {
    long tooLargeAt() {
      return bytes == null ? limitRead : -1;
    }

    FileContent content(String path, long maxBytes) throws FileTooLargeException {
      if (bytes == null) {
        throw new FileTooLargeException(path, size, maxBytes);
      }
      if (bytes.length > maxBytes) {
        throw new FileTooLargeException(path, bytes.length, maxBytes);
      }
      return new FileContent(path, bytes, readAt);
    }
  }

  /** A cached answer: a value or the exception to throw again (a fresh copy each time). */
  private static final class Cached<T> {
    private final T value;
    private final IOException error;

    private Cached(T value, IOException error) {
      this.value = value;
      this.error = error;
    }

    static <T> Cached<T> of(T value) {
      return new Cached<>(value, null);
    }

    static <T> Cached<T> error(IOException e) {
      return new Cached<>(null, e);
    }

    T get() throws IOException {
      if (error != null) {
        throw copy(error);
      }
      return value;
    }

    /** For reads: whether this answer is valid for a read bounded by {@code maxBytes}. */
    boolean answers(long maxBytes) {
      if (error != null || !(value instanceof ReadEntry e)) {
        return true;
      }
      // Whole content known, or known to exceed a bound at least as large as this one.
      return e.bytes() != null || maxBytes <= e.limitRead();
    }

    private static IOException copy(IOException e) {
      IOException fresh;
      if (e instanceof NoSuchFileException) {
        fresh = new NoSuchFileException(((FileSystemException) e).getFile());
      } else if (e instanceof AccessDeniedException a) {
        fresh = new AccessDeniedException(a.getFile(), a.getOtherFile(), a.getReason());
      } else if (e instanceof FileSystemLoopException l) {
        fresh = new FileSystemLoopException(l.getFile());
      } else if (e instanceof NotDirectoryException n) {
        fresh = new NotDirectoryException(n.getFile());
      } else if (e instanceof FileSystemException f) {
        fresh = new FileSystemException(f.getFile(), f.getOtherFile(), f.getReason());
      } else {
        fresh = new IOException(e.getMessage());
      }
      return fresh;
    }
  }
}
