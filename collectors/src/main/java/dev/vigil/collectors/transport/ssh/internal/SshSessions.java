package dev.vigil.collectors.transport.ssh.internal;

import dev.vigil.collectors.transport.ssh.SshConnectException;
import dev.vigil.collectors.transport.ssh.SshConnectException.Kind;
import dev.vigil.collectors.transport.ssh.SshTargetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated SSH connection (plus the jump host's, when tunnelled) and the bounded,
 * time-limited execution of remote commands on it.
 */
public final class SshSessions implements AutoCloseable {
  /** Remote commands running at once on one connection (OpenSSH's MaxSessions default is 10). */
  public static final int MAX_CHANNELS = 8;

  private static final Config CONFIG = new DefaultConfig();
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-ssh-timer"));
  private static final ExecutorService ACTIONS =
      Executors.newCachedThreadPool(r -> daemon(r, "vigil-ssh-" + THREADS.incrementAndGet()));
  private static final Logger LOG = LoggerFactory.getLogger(SshSessions.class);

  private final SshTargetConfig config;
  private final SSHClient client;
  private final Optional<SSHClient> jump;
  private final Semaphore channels = new Semaphore(MAX_CHANNELS);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.Map<Long, String> running =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SshSessions(SshTargetConfig config, SSHClient client, Optional<SSHClient> jump) {
    this.config = config;
    this.client = client;
    this.jump = jump;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Connects (through the jump host if any), verifies the host key and authenticates. */
  public static SshSessions open(SshTargetConfig config) throws SshConnectException {
    Optional<SSHClient> jump = Optional.empty();
    if (config.jump().isPresent()) {
      SshTargetConfig j = config.jump().get();
      try {
        jump = Optional.of(login(j, null));
      } catch (SshConnectException e) {
        throw new SshConnectException(
            e.kind(), config.address() + ": jump host " + e.getMessage(), e);
      }
    }
    try {
      return new SshSessions(config, login(config, jump.orElse(null)), jump);
    } catch (SshConnectException e) {
      jump.ifPresent(SshSessions::closeQuietly);
      throw e;
    }
  }

  private static SSHClient login(SshTargetConfig cfg, SSHClient via) throws SshConnectException {
    String where = cfg.address();
    KnownHostsVerifier verifier;
    try {
      verifier = KnownHostsVerifier.load(cfg.knownHosts(), cfg.acceptNew());
    } catch (IOException e) {
      throw new SshConnectException(
          Kind.CONFIG, where + ": cannot read known_hosts " + cfg.knownHosts() + ": " + e, e);
    }
    List<AuthMethod> methods = authMethods(cfg);
    SSHClient c = new SSHClient(CONFIG);
    c.addHostKeyVerifier(verifier);
    int connectMs = (int) Math.min(Integer.MAX_VALUE, cfg.connectTimeout().toMillis());
    c.setConnectTimeout(connectMs);
    c.getTransport().setTimeoutMs(connectMs);
    c.getConnection().setTimeoutMs(connectMs);
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> dog =
        TIMER.schedule(
            () -> {
              expired.set(true);
              closeQuietly(c);
            },
            connectMs,
            TimeUnit.MILLISECONDS);
    try {
      if (via != null) {
        c.connectVia(via.newDirectConnection(cfg.host(), cfg.port()));
      } else {
        c.connect(cfg.host(), cfg.port());
        // Small request packets back to back: without this, Nagle and delayed ACKs add up to
        // 40 ms per round trip.
        c.getSocket().setTcpNoDelay(true);
      }
      try {
        c.auth(cfg.user(), methods);
      } catch (UserAuthException e) {
        throw new SshConnectException(
            Kind.AUTH_FAILED,
            where
                + ": authentication refused (tried "
                + describe(cfg)
                + "): "
                + (e.getMessage() == null ? "no method accepted" : e.getMessage()),
            e);
      }
      dog.cancel(false);
      if (expired.get()) {
        throw new SshConnectException(Kind.TIMEOUT, where + ": connect timed out");
      }
      return c;
    } catch (SshConnectException e) {
      dog.cancel(false);
      closeQuietly(c);
      if (expired.get() && e.kind() != Kind.AUTH_FAILED) {
        throw timeout(cfg);
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      dog.cancel(false);
      closeQuietly(c);
      if (verifier.failure().isPresent()) {
        String msg = verifier.failure().get();
        throw new SshConnectException(
            msg.startsWith("HOST KEY CHANGED") ? Kind.HOST_KEY_CHANGED : Kind.HOST_KEY_UNKNOWN,
            where + ": " + msg,
            e);
      }
      if (expired.get() || e instanceof SocketTimeoutException) {
        throw timeout(cfg);
      }
      if (e instanceof ConnectException) {
        throw new SshConnectException(
            Kind.UNREACHABLE, where + ": connection refused (" + e.getMessage() + ")", e);
      }
      if (e instanceof UnknownHostException) {
        throw new SshConnectException(Kind.UNREACHABLE, where + ": unknown host " + cfg.host(), e);
      }
      if (e instanceof NoRouteToHostException) {
        throw new SshConnectException(Kind.UNREACHABLE, where + ": no route to host", e);
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof TransportException && why.contains("closed")) {
        why = "the server closed the connection (" + why + ")";
      }
      throw new SshConnectException(Kind.PROTOCOL, where + ": " + why, e);
    }
  }

  private static SshConnectException timeout(SshTargetConfig cfg) {
    return new SshConnectException(
        Kind.TIMEOUT,
        cfg.address()
            + ": no SSH session within the connect timeout of "
            + cfg.connectTimeout().toMillis()
            + " ms");
  }

  private static String describe(SshTargetConfig cfg) {
    List<String> tried = new ArrayList<>();
    cfg.identityFile().ifPresent(p -> tried.add("key " + p));
    if (cfg.agent()) {
      tried.add("ssh-agent");
    }
    cfg.passwordFile().ifPresent(p -> tried.add("password from " + p));
    return String.join(", ", tried);
  }

  private static List<AuthMethod> authMethods(SshTargetConfig cfg) throws SshConnectException {
    List<AuthMethod> methods = new ArrayList<>();
    String where = cfg.address();
    if (cfg.identityFile().isPresent()) {
      Path key = cfg.identityFile().get();
      if (!Files.isReadable(key)) {
        throw new SshConnectException(Kind.CONFIG, where + ": cannot read identity file " + key);
      }
      try {
        SSHClient loader = new SSHClient(CONFIG);
        KeyProvider provider =
            cfg.passphraseFile().isPresent()
                ? loader.loadKeys(key.toString(), firstLine(cfg.passphraseFile().get(), where))
                : loader.loadKeys(key.toString());
        provider.getPublic(); // fails now on a wrong passphrase or a bad file
        methods.add(new AuthPublickey(provider));
      } catch (IOException | RuntimeException e) {
        throw new SshConnectException(
            Kind.CONFIG,
            where
                + ": cannot load identity "
                + key
                + (cfg.passphraseFile().isPresent() ? " (wrong passphrase?)" : "")
                + ": "
                + e.getMessage(),
            e);
      }
    }
    if (cfg.agent()) {
      methods.addAll(SshAgent.authMethods(where, cfg.agentSocket()));
    }
    if (cfg.passwordFile().isPresent()) {
      char[] password = firstLine(cfg.passwordFile().get(), where);
      methods.add(new AuthPassword(PasswordUtils.createOneOff(password)));
    }
    return methods;
  }

  /** The first line of a secret file; the secret itself never enters a message. */
  private static char[] firstLine(Path file, String where) throws SshConnectException {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int end = 0;
      while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
        end++;
      }
      char[] chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes, 0, end)).array();
      char[] exact = Arrays.copyOf(chars, countChars(bytes, end));
      Arrays.fill(bytes, (byte) 0);
      Arrays.fill(chars, '\0');
      return exact;
    } catch (IOException e) {
      throw new SshConnectException(
          Kind.CONFIG, where + ": cannot read secret file " + file + ": " + e.getMessage(), e);
    }
  }

  private static int countChars(byte[] bytes, int end) {
    return new String(bytes, 0, end, StandardCharsets.UTF_8).length();
  }

  public String serverVersion() {
    String v = client.getTransport().getServerVersion();
    return v == null ? "" : v;
  }

  /** What one remote command did. */
  public record Exec(
      byte[] stdout, int length, byte[] stderr, int exitCode, boolean timedOut, boolean truncated) {
    public String stderrText() {
      return new String(stderr, StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs {@code command} (through the login shell), writes {@code stdin} to it and closes its
   * input, and collects its output: at most {@code maxStdout} bytes of standard output and 1 MiB of
   * standard error, within {@code timeout}.
   *
   * <p>The remote script must print its shell's pid as the last word of its first output line
   * ({@code printf '... %s\n' "$$"}). At the time limit, or when the output exceeds its bound, that
   * process and its children are killed over a second channel, which ends the command; if it still
   * does not end, the whole connection is closed, so a hung host can never hold its caller.
   *
   * @param drainStderr read standard error concurrently (a command may write a lot to it); batch
   *     scripts send their standard error to standard output and do not need it
   */
  public Exec exec(
      String command, byte[] stdin, Duration timeout, long maxStdout, boolean drainStderr)
      throws IOException {
    if (closed.get()) {
      throw new IOException(config.address() + ": the connection is closed");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!channels.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return new Exec(new byte[0], 0, new byte[0], -1, true, false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(config.address() + ": interrupted", e);
    }
    Session session = null;
    AtomicBoolean timedOut = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicLong pid = new AtomicLong(-1);
    ScheduledFuture<?> dog = null;
    boolean clean = false;
    try {
      session = client.startSession();
      Session.Command cmd = session.exec(command);
      Session s = session;
      long left = Math.max(1, deadline - System.nanoTime());
      dog =
          TIMER.schedule(
              () ->
                  ACTIONS.execute(
                      () -> {
                        if (finished.get()) {
                          return;
                        }
                        timedOut.set(true);
                        stop(command, s, pid.get(), finished);
                      }),
              left,
              TimeUnit.NANOSECONDS);
      Future<byte[]> err =
          drainStderr ? ACTIONS.submit(() -> readBounded(cmd.getErrorStream(), 1 << 20)) : null;
      try (OutputStream in = cmd.getOutputStream()) {
        in.write(stdin);
        in.flush();
      } catch (IOException e) {
        // The command ended before reading its input (sudo refused, shell missing): its output
        // and exit status tell why.
      }
      byte[] buf = new byte[(int) Math.min(64 * 1024, maxStdout + 1)];
      int len = 0;
      boolean truncated = false;
      InputStream out = cmd.getInputStream();
      try {
        while (true) {
          if (len == buf.length) {
            if (len > maxStdout) {
              truncated = true;
              break;
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxStdout + 1));
          }
          int n = out.read(buf, len, buf.length - len);
          if (n < 0) {
            break;
          }
          if (pid.get() < 0) {
            pid.set(firstLinePid(buf, len, len + n));
            if (pid.get() > 0) {
              running.put(pid.get(), command);
            }
          }
          len += n;
        }
      } catch (IOException e) {
        if (!timedOut.get()) {
          throw e;
        }
      }
      if (truncated) {
        len = (int) Math.min(len, maxStdout);
        long p = pid.get();
        ACTIONS.execute(() -> stop(command, s, p, finished));
      }
      byte[] errBytes = new byte[0];
      if (!truncated && !timedOut.get()) {
        if (err != null) {
          errBytes = getQuietly(err, deadline);
        } else {
          errBytes = readBounded(cmd.getErrorStream(), 1 << 20);
        }
        long wait = Math.max(1, deadline - System.nanoTime());
        try {
          cmd.join(wait, TimeUnit.NANOSECONDS);
        } catch (IOException e) {
          // No exit status within the limit: reported as timed out below.
        }
      } else if (err != null) {
        err.cancel(true);
      }
      Integer status = cmd.getExitStatus();
      boolean late = timedOut.get() || (status == null && !truncated);
      clean = !late && !truncated;
      return new Exec(buf, len, errBytes, status == null ? -1 : status, late, truncated);
    } finally {
      finished.set(true);
      if (pid.get() > 0) {
        running.remove(pid.get());
      }
      if (dog != null) {
        dog.cancel(false);
      }
      if (session == null) {
        channels.release();
      } else if (clean) {
        closeQuietly(session);
        channels.release();
      } else {
        // The remote process may still be dying: do not wait for the channel's close here.
        Session s = session;
        ACTIONS.execute(
            () -> {
              closeQuietly(s);
              channels.release();
            });
      }
    }
  }

  /** Long-lived {@code sh -s} processes that answer batches, so a read costs no new session. */
  private static final int MAX_SHELLS = 4;

  private final java.util.concurrent.BlockingQueue<RemoteShell> idleShells =
      new java.util.concurrent.LinkedBlockingQueue<>();
  private final AtomicInteger shells = new AtomicInteger();

  /** One {@code sh -s} on its own channel, fed one request at a time on its standard input. */
  private final class RemoteShell {
    final Session session;
    final Session.Command cmd;
    final OutputStream in;
    final InputStream out;
    final String shellCommand;
    volatile long pid = -1;

    RemoteShell(String shellCommand) throws IOException {
      this.shellCommand = shellCommand;
      this.session = client.startSession();
      this.cmd = session.exec(shellCommand);
      this.in = cmd.getOutputStream();
      this.out = cmd.getInputStream();
      in.write(RemoteBatch.prelude().getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    void discard() {
      shells.decrementAndGet();
      long p = pid;
      ACTIONS.execute(
          () -> {
            if (p > 0) {
              kill(shellCommand, p);
            }
            closeQuietly(session);
          });
    }

    String stderr() {
      try {
        InputStream err = cmd.getErrorStream();
        byte[] b = new byte[Math.min(4096, Math.max(0, err.available()))];
        int n = err.read(b);
        return n <= 0 ? "" : new String(b, 0, n, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }

  private RemoteShell takeShell(String shellCommand, long deadline) throws IOException {
    while (true) {
      RemoteShell idle = idleShells.poll();
      if (idle != null) {
        if (idle.shellCommand.equals(shellCommand) && idle.cmd.isOpen()) {
          return idle;
        }
        idle.discard();
        continue;
      }
      int n = shells.get();
      if (n < MAX_SHELLS && shells.compareAndSet(n, n + 1)) {
        try {
          return new RemoteShell(shellCommand);
        } catch (IOException | RuntimeException e) {
          shells.decrementAndGet();
          throw e;
        }
      }
      try {
        RemoteShell s =
            idleShells.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (s == null) {
          throw new IOException(config.address() + ": no remote shell free within the time limit");
        }
        idleShells.offer(s); // re-checked at the top of the loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(config.address() + ": interrupted", e);
      }
    }
  }

  /**
   * Runs one batch on a long-lived remote shell (started with {@code shellCommand}): no new SSH
   * session, login shell or prelude per request, only the commands of the batch itself. A shell
   * that overruns the time limit or the output bound is killed and replaced by the next request.
   */
  public Exec batch(String shellCommand, RemoteBatch batch, Duration timeout, long maxStdout)
      throws IOException {
    if (closed.get()) {
      throw new IOException(config.address() + ": the connection is closed");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    RemoteShell shell = takeShell(shellCommand, deadline);
    AtomicBoolean timedOut = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    ScheduledFuture<?> dog =
        TIMER.schedule(
            () ->
                ACTIONS.execute(
                    () -> {
                      if (!finished.get()) {
                        timedOut.set(true);
                        stop(shellCommand, shell.session, shell.pid, finished);
                      }
                    }),
            Math.max(1, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    byte[] buf = new byte[(int) Math.min(64 * 1024, maxStdout + 1)];
    int len = 0;
    boolean truncated = false;
    boolean complete = false;
    try {
      shell.in.write(batch.request().getBytes(StandardCharsets.UTF_8));
      shell.in.flush();
      while (true) {
        if (len == buf.length) {
          if (len > maxStdout) {
            truncated = true;
            break;
          }
          buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxStdout + 1));
        }
        int n = shell.out.read(buf, len, buf.length - len);
        if (n < 0) {
          break;
        }
        len += n;
        if (shell.pid < 0) {
          Optional<Long> p = batch.pid(buf, len);
          if (p.isPresent()) {
            shell.pid = p.get();
            running.put(shell.pid, shellCommand);
          }
        }
        if (batch.complete(buf, len)) {
          complete = true;
          break;
        }
      }
    } catch (IOException e) {
      if (!timedOut.get()) {
        finished.set(true);
        dog.cancel(false);
        shell.discard();
        throw e;
      }
    }
    finished.set(true);
    dog.cancel(false);
    String err = "";
    if (complete) {
      idleShells.offer(shell);
    } else {
      if (len == 0) {
        err = shell.stderr();
      }
      if (shell.pid > 0) {
        running.remove(shell.pid);
      }
      shell.discard();
    }
    return new Exec(
        buf,
        (int) Math.min(len, maxStdout),
        err.getBytes(StandardCharsets.UTF_8),
        complete ? 0 : -1,
        timedOut.get(),
        truncated);
  }

  /** The pid a remote script printed as the last word of its first line, once it is complete. */
  private static long firstLinePid(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        String line = new String(buf, 0, i, StandardCharsets.UTF_8).trim();
        String last = line.substring(line.lastIndexOf(' ') + 1);
        try {
          return Long.parseLong(last);
        } catch (NumberFormatException e) {
          return 0; // no pid line: nothing to kill, but stop looking
        }
      }
    }
    return -1;
  }

  /**
   * Ends a remote command that overran its limit: kills its process tree, and when the command
   * still has not ended a few seconds later, closes the connection.
   */
  private void stop(String shellCommand, Session session, long pid, AtomicBoolean finished) {
    if (pid > 0) {
      kill(shellCommand, pid);
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(pid > 0 ? 5 : 1);
    while (!finished.get() && System.nanoTime() < until) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!finished.get()) {
      LOG.warn(
          "{}: a remote command did not stop after its time limit; closing the connection",
          config.address());
      close();
    }
  }

  /**
   * Kills a remote process and its children, over a channel of its own (outside the channel limit,
   * so it works when every channel is taken by hung commands).
   */
  public void kill(String shellCommand, long pid) {
    String script =
        "pkill -KILL -P " + pid + " 2>/dev/null; kill -KILL " + pid + " 2>/dev/null; exit 0\n";
    try (Session session = client.startSession()) {
      Session.Command cmd = session.exec(shellCommand);
      try (OutputStream in = cmd.getOutputStream()) {
        in.write(script.getBytes(StandardCharsets.US_ASCII));
      }
      cmd.join(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // Best effort: the connection may be gone, and with it the process's session.
    }
  }

  private static byte[] readBounded(InputStream in, int max) throws IOException {
    byte[] buf = new byte[8192];
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (out.size() < max) {
        out.write(buf, 0, Math.min(n, max - out.size()));
      }
    }
    return out.toByteArray();
  }

  private static byte[] getQuietly(Future<byte[]> f, long deadline) {
    try {
      return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      f.cancel(true);
      return new byte[0];
    }
  }

  /**
   * Closes the connection. Remote commands still running are killed first, so nothing vigil started
   * outlives the scan on the target.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      RemoteShell idle;
      while ((idle = idleShells.poll()) != null) {
        running.remove(idle.pid);
      }
      for (java.util.Map.Entry<Long, String> e : running.entrySet()) {
        kill(e.getValue(), e.getKey());
      }
      closeQuietly(client);
      jump.ifPresent(SshSessions::closeQuietly);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing a broken connection: nothing left to do
    }
  }
}
