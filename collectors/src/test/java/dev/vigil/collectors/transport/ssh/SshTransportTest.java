package dev.vigil.collectors.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.core.Target;
import dev.vigil.core.transport.CommandResult;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileTooLargeException;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SshTransportTest {
  @RegisterExtension static final SshServer SSHD = new SshServer();

  @TempDir static Path fixture;

  private static SshTransport ssh;
  private static final LocalTransport LOCAL =
      new LocalTransport(Target.local("localhost"), Clock.systemUTC());

  @BeforeAll
  static void connect() throws Exception {
    Files.writeString(fixture.resolve("plain.conf"), "PermitRootLogin no\n# comment\n");
    Files.write(fixture.resolve("binary"), new byte[] {0, 1, 2, (byte) 0xff, '\n', 0, 'x'});
    Files.writeString(fixture.resolve("no-newline"), "last line without newline");
    Files.writeString(fixture.resolve("trailing-newlines"), "a\n\n\n");
    Files.write(fixture.resolve("empty"), new byte[0]);
    Files.writeString(fixture.resolve("quote's \"name\" $(x)"), "tricky name\n");
    Files.writeString(fixture.resolve("secret"), "s3cret\n");
    Files.setPosixFilePermissions(
        fixture.resolve("secret"), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(fixture.resolve("setuid"), "#!/bin/sh\n");
    new ProcessBuilder("chmod", "4751", fixture.resolve("setuid").toString())
        .start()
        .waitFor(30, TimeUnit.SECONDS);
    Files.createDirectories(fixture.resolve("dir/sub"));
    Files.writeString(fixture.resolve("dir/.hidden"), "h\n");
    Files.writeString(fixture.resolve("dir/b"), "b\n");
    Files.writeString(fixture.resolve("dir/a"), "a\n");
    Files.createDirectories(fixture.resolve("emptydir"));
    Files.createSymbolicLink(fixture.resolve("link"), fixture.resolve("plain.conf"));
    Files.createSymbolicLink(fixture.resolve("dirlink"), fixture.resolve("dir"));
    Files.createSymbolicLink(fixture.resolve("dangling"), fixture.resolve("nowhere"));
    Files.createSymbolicLink(fixture.resolve("loop"), fixture.resolve("loop"));
    try (RandomAccessFile f = new RandomAccessFile(fixture.resolve("huge").toFile(), "rw")) {
      f.setLength(200L * 1024 * 1024); // sparse: 200 MiB that take no disk
    }
    Process mkfifo = new ProcessBuilder("mkfifo", fixture.resolve("fifo").toString()).start();
    mkfifo.waitFor(30, TimeUnit.SECONDS);
    ssh =
        SshTransport.connect(
            Target.parse("ssh://root@127.0.0.1:" + SSHD.port()), SSHD.root().build());
  }

  @AfterAll
  static void close() {
    if (ssh != null) {
      ssh.close();
    }
  }

  private static List<String> paths() {
    List<String> paths = new ArrayList<>();
    for (String name :
        List.of(
            "plain.conf",
            "binary",
            "no-newline",
            "trailing-newlines",
            "empty",
            "quote's \"name\" $(x)",
            "secret",
            "setuid",
            "dir",
            "dir/a",
            "dir/.hidden",
            "emptydir",
            "link",
            "dirlink",
            "dangling",
            "loop",
            "huge",
            "fifo",
            "missing",
            "plain.conf/x")) {
      paths.add(fixture.resolve(name).toString());
    }
    paths.addAll(
        List.of(
            "/etc/passwd",
            "/etc/group",
            "/etc/shadow",
            "/etc/ssh/sshd_config",
            "/etc/ssh",
            "/etc/os-release",
            "/proc/sys/kernel/hostname",
            "/proc/sys/net/ipv4/ip_forward",
            "/usr/bin/passwd",
            "/etc/login.defs",
            "/",
            "/etc/pam.d"));
    return paths;
  }

  /** What a call did, comparable across transports: the value, or the exception's kind. */
  private static Object outcome(IoCall call) {
    try {
      Object v = call.run();
      return v instanceof FileContent c
          ? List.of(
              c.path(),
              StandardCharsets.ISO_8859_1.decode(java.nio.ByteBuffer.wrap(c.bytes())).toString())
          : v;
    } catch (FileTooLargeException e) {
      return "too large: " + e.getFile() + " " + e.size() + " > " + e.limit();
    } catch (FileSystemException e) {
      // LocalTransport.list reports a symlink loop as a plain FileSystemException with the
      // kernel's message; both mean the same.
      if (String.valueOf(e.getReason()).contains("Too many levels of symbolic links")) {
        return "FileSystemLoopException: " + e.getFile();
      }
      return e.getClass().getSimpleName() + ": " + e.getFile();
    } catch (IOException e) {
      return e.getClass().getSimpleName();
    }
  }

  private interface IoCall {
    Object run() throws IOException;
  }

  @Test
  void readStatAndListGiveTheSameResultsAsTheLocalFilesystem() throws Exception {
    for (String p : paths()) {
      assertEquals(outcome(() -> LOCAL.stat(p)), outcome(() -> ssh.stat(p)), "stat " + p);
      assertEquals(
          outcome(() -> LOCAL.read(p, 1024 * 1024)),
          outcome(() -> ssh.read(p, 1024 * 1024)),
          "read " + p);
      if (!p.endsWith("/fifo")) { // LocalTransport.list blocks opening a FIFO
        assertEquals(outcome(() -> LOCAL.list(p)), outcome(() -> ssh.list(p)), "list " + p);
      }
    }
    assertThrows(
        java.nio.file.NotDirectoryException.class,
        () -> ssh.list(fixture.resolve("fifo").toString()));
  }

  @Test
  void prefetchReadsEverythingInOneRoundTripAndAnswersLaterCallsFromTheCache() throws Exception {
    try (SshTransport t =
        SshTransport.connect(Target.parse("ssh://127.0.0.1"), SSHD.root().build())) {
      List<String> paths = paths();
      int fetched = t.prefetch(paths, paths, paths, 1024 * 1024);
      assertEquals(paths.size() * 3, fetched);
      assertEquals(1 + 1, t.roundTrips(), "one batch, plus one for the sizes of too-large files");
      for (String p : paths) {
        assertEquals(outcome(() -> LOCAL.stat(p)), outcome(() -> t.stat(p)), "stat " + p);
        assertEquals(
            outcome(() -> LOCAL.read(p, 1024 * 1024)),
            outcome(() -> t.read(p, 1024 * 1024)),
            "read " + p);
        if (!p.endsWith("/fifo")) {
          assertEquals(outcome(() -> LOCAL.list(p)), outcome(() -> t.list(p)), "list " + p);
        }
        assertEquals(outcome(() -> LOCAL.read(p, 3)), outcome(() -> t.read(p, 3)), "read 3 " + p);
      }
      assertEquals(2, t.roundTrips(), "every later call was answered from the cache");
      assertTrue(
          t.accessLog()
              .contains(new SshTransport.Access(SshTransport.AccessKind.LIST, paths.get(0))));
      assertTrue(
          t.accessLog()
              .contains(new SshTransport.Access(SshTransport.AccessKind.READ, paths.get(0))));
    }
  }

  /** lstat every path under {@code root} and list every directory, depth first, like a walk. */
  private static List<Object> walk(Transport t, String root) {
    List<Object> out = new ArrayList<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      String p = todo.pop();
      Object st = outcome(() -> t.stat(p));
      out.add(st);
      if (st instanceof Optional<?> o
          && o.isPresent()
          && ((dev.vigil.core.transport.FileStat) o.get()).type()
              == dev.vigil.core.transport.FileType.DIRECTORY) {
        Object names = outcome(() -> t.list(p));
        out.add(names);
        if (names instanceof List<?> l) {
          for (Object n : l) {
            todo.push(p + "/" + n);
          }
        }
      }
    }
    return out;
  }

  @Test
  void walkingATreeTakesOneRoundTripAndMatchesTheLocalFilesystem() throws Exception {
    try (SshTransport t =
        SshTransport.connect(Target.parse("ssh://127.0.0.1"), SSHD.root().build())) {
      List<Object> remote = walk(t, "/etc");
      assertEquals(walk(LOCAL, "/etc"), remote);
      assertTrue(remote.size() > 100);
      assertTrue(t.roundTrips() <= 3, "round trips: " + t.roundTrips());
      List<Object> fixtureWalk = walk(t, fixture.toString());
      assertEquals(walk(LOCAL, fixture.toString()), fixtureWalk);
    }
  }

  @Test
  void hugeFileIsRefusedWithItsSizeAndOnlyTheBoundCrossesTheWire() throws Exception {
    try (SshTransport t =
        SshTransport.connect(Target.parse("ssh://127.0.0.1"), SSHD.root().build())) {
      String huge = fixture.resolve("huge").toString();
      FileTooLargeException e =
          assertThrows(FileTooLargeException.class, () -> t.read(huge, 1024 * 1024));
      assertEquals(200L * 1024 * 1024, e.size());
      assertEquals(1024 * 1024, e.limit());
      assertTrue(t.bytesReceived() < 2 * 1024 * 1024, "received " + t.bytesReceived());
    }
  }

  @Test
  void commandOutputMatchesLocalExecution() throws Exception {
    for (List<String> cmd :
        List.of(
            List.of("uname", "-a"),
            List.of("id", "-u"),
            List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
            List.of("printf", "%s|", "a b", "it's", "$HOME"),
            List.of("cat", "/etc/passwd"))) {
      CommandResult local = LOCAL.run(cmd, Duration.ofSeconds(30), 1 << 20);
      CommandResult remote = ssh.run(cmd, Duration.ofSeconds(30), 1 << 20);
      assertEquals(local.stdout(), remote.stdout(), String.join(" ", cmd));
      assertEquals(local.stderr(), remote.stderr(), String.join(" ", cmd));
      assertEquals(local.exitCode(), remote.exitCode(), String.join(" ", cmd));
      assertFalse(remote.timedOut() || remote.truncated());
    }
  }

  @Test
  void missingCommandFailsLikeLocally() {
    List<String> cmd = List.of("vigil-no-such-command", "x");
    assertThrows(IOException.class, () -> LOCAL.run(cmd, Duration.ofSeconds(10), 1024));
    IOException e =
        assertThrows(IOException.class, () -> ssh.run(cmd, Duration.ofSeconds(10), 1024));
    assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
  }

  @Test
  void commandThatHangsTimesOutAndIsKilledOnTheTarget() throws Exception {
    CommandResult r = ssh.run(List.of("sleep", "317"), Duration.ofSeconds(2), 1024);
    assertTrue(r.timedOut());
    assertFalse(r.succeeded());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sleep317Running()) {
      if (System.nanoTime() > deadline) {
        fail("the remote sleep 317 is still running after the timeout");
      }
      Thread.sleep(100);
    }
    // The connection is still usable after a timeout.
    assertEquals("ok\n", ssh.run(List.of("echo", "ok"), Duration.ofSeconds(30), 1024).stdout());
  }

  private static boolean sleep317Running() {
    return ProcessHandle.allProcesses()
        .anyMatch(
            p ->
                p.info().commandLine().map(c -> c.endsWith("sleep 317")).orElse(false)
                    || (p.info().command().map(c -> c.endsWith("/sleep")).orElse(false)
                        && p.info()
                            .arguments()
                            .map(a -> a.length == 1 && a[0].equals("317"))
                            .orElse(false)));
  }

  @Test
  void hugeCommandOutputIsCutAtTheBound() throws Exception {
    CommandResult r =
        ssh.run(List.of("head", "-c", "50000000", "/dev/zero"), Duration.ofSeconds(60), 100_000);
    assertTrue(r.truncated());
    assertEquals(100_000, r.stdout().length());
  }

  @Test
  void unknownHostKeyFailsNamingTheHostAndTheFingerprint() throws Exception {
    Path empty = fixture.resolve("known_hosts.empty");
    Files.writeString(empty, "");
    SshConnectException e =
        assertThrows(
            SshConnectException.class,
            () ->
                SshTransport.connect(
                    Target.parse("ssh://127.0.0.1"), SSHD.root().knownHosts(empty).build()));
    assertEquals(SshConnectException.Kind.HOST_KEY_UNKNOWN, e.kind());
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    assertTrue(e.getMessage().contains(hostFingerprint()), e.getMessage());
  }

  @Test
  void acceptNewRecordsTheFirstSeenKeyAndTheNextConnectionVerifiesIt() throws Exception {
    Path file = fixture.resolve("known_hosts.new");
    Files.deleteIfExists(file);
    try (SshTransport t =
        SshTransport.connect(
            Target.parse("ssh://127.0.0.1"),
            SSHD.root().knownHosts(file).acceptNew(true).build())) {
      assertTrue(t.stat("/etc").isPresent());
    }
    String recorded = Files.readString(file);
    assertTrue(recorded.contains("[127.0.0.1]:" + SSHD.port()), recorded);
    assertTrue(recorded.contains(SSHD.hostKeyLine()), recorded);
    try (SshTransport t =
        SshTransport.connect(
            Target.parse("ssh://127.0.0.1"), SSHD.root().knownHosts(file).build())) {
      assertTrue(t.stat("/etc").isPresent());
    }
    assertEquals(recorded, Files.readString(file), "a known key is not recorded twice");
  }

  @Test
  void changedHostKeyFailsEvenWithAcceptNew() throws Exception {
    Path other = fixture.resolve("other_host_key");
    Files.deleteIfExists(other);
    Files.deleteIfExists(Path.of(other + ".pub"));
    SshServer.keygen("ed25519", other);
    String[] pub = Files.readString(Path.of(other + ".pub")).trim().split("\\s+");
    Path file = fixture.resolve("known_hosts.changed");
    Files.writeString(file, "[127.0.0.1]:" + SSHD.port() + " " + pub[0] + " " + pub[1] + "\n");
    SshConnectException e =
        assertThrows(
            SshConnectException.class,
            () ->
                SshTransport.connect(
                    Target.parse("ssh://127.0.0.1"),
                    SSHD.root().knownHosts(file).acceptNew(true).build()));
    assertEquals(SshConnectException.Kind.HOST_KEY_CHANGED, e.kind());
    assertTrue(e.getMessage().contains("HOST KEY CHANGED"), e.getMessage());
    assertTrue(e.getMessage().contains(hostFingerprint()), e.getMessage());
  }

  @Test
  void wrongKeyIsRefused() {
    SshConnectException e =
        assertThrows(
            SshConnectException.class,
            () ->
                SshTransport.connect(
                    Target.parse("ssh://127.0.0.1"),
                    SSHD.root().identityFile(SSHD.wrongIdentity()).build()));
    assertEquals(SshConnectException.Kind.AUTH_FAILED, e.kind());
    assertTrue(e.getMessage().contains("root@127.0.0.1"), e.getMessage());
    assertTrue(e.getMessage().contains("id_wrong"), e.getMessage());
  }

  @Test
  void closedPortFailsAsUnreachable() throws Exception {
    int closed = SshServer.freePort();
    SshConnectException e =
        assertThrows(
            SshConnectException.class,
            () ->
                SshTransport.connect(
                    Target.parse("ssh://127.0.0.1"), SSHD.root().port(closed).build()));
    assertEquals(SshConnectException.Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
  }

  @Test
  void passphraseProtectedKeyLogsInWithThePassphraseFromAFile() throws Exception {
    try (SshTransport t =
        SshTransport.connect(
            Target.parse("ssh://127.0.0.1"),
            SSHD.root()
                .identityFile(SSHD.secretIdentity())
                .passphraseFile(SSHD.passphraseFile())
                .build())) {
      assertTrue(t.stat("/etc/passwd").isPresent());
    }
  }

  @Test
  void agentKeysLogIn() throws Exception {
    Path sock = fixture.resolve("agent.sock");
    Process agent =
        new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", sock.toString())
            .redirectErrorStream(true)
            .redirectOutput(fixture.resolve("agent.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(sock)) {
        assertTrue(System.nanoTime() < deadline, "ssh-agent did not create its socket");
        Thread.sleep(50);
      }
      ProcessBuilder add =
          new ProcessBuilder("/usr/bin/ssh-add", SSHD.identity().toString())
              .redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", sock.toString());
      Process p = add.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
      SshTargetConfig cfg =
          SshTargetConfig.builder("127.0.0.1", "root")
              .port(SSHD.port())
              .knownHosts(SSHD.knownHosts())
              .agent(true)
              .agentSocket(sock)
              .build();
      try (SshTransport t = SshTransport.connect(Target.parse("ssh://127.0.0.1"), cfg)) {
        assertTrue(t.stat("/etc/passwd").isPresent());
      }
    } finally {
      agent.destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void jumpHostTunnelsTheConnection() throws Exception {
    SshTargetConfig jump = SSHD.root().build();
    try (SshTransport t =
        SshTransport.connect(Target.parse("ssh://127.0.0.1"), SSHD.root().jump(jump).build())) {
      assertArrayEquals(
          Files.readAllBytes(Path.of("/etc/passwd")), t.read("/etc/passwd", 1 << 20).bytes());
    }
  }

  @Test
  void sudoThatWouldPromptReportsAccessDeniedNamingSudo() throws Exception {
    String user = TestUsers.unprivileged();
    try (SshTransport t =
        SshTransport.connect(
            Target.parse("ssh://" + user + "@127.0.0.1"),
            SSHD.root().user(user).sudo(true).build())) {
      assertTrue(t.sudoProblem().isPresent());
      // What the login user can read is still read.
      assertArrayEquals(
          Files.readAllBytes(Path.of("/etc/passwd")), t.read("/etc/passwd", 1 << 20).bytes());
      AccessDeniedException e =
          assertThrows(AccessDeniedException.class, () -> t.read("/etc/shadow", 1 << 20));
      assertTrue(Objects.requireNonNull(e.getReason()).contains("sudo"), e.getReason());
    }
  }

  @Test
  void sudoWorksWhenItDoesNotPrompt() throws Exception {
    TestUsers.requireSudo();
    try (SshTransport t =
        SshTransport.connect(Target.parse("ssh://127.0.0.1"), SSHD.root().sudo(true).build())) {
      assertTrue(t.sudoProblem().isEmpty(), t.sudoProblem().toString());
      assertEquals("0\n", t.run(List.of("id", "-u"), Duration.ofSeconds(30), 64).stdout());
      assertTrue(t.read("/etc/shadow", 1 << 20).size() > 0);
    }
  }

  private static String hostFingerprint() throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/ssh-keygen",
                "-l",
                "-f",
                SSHD.dir().resolve("host_ed25519.pub").toString())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out.split("\\s+")[1];
  }

  static Transport local() {
    return LOCAL;
  }
}
