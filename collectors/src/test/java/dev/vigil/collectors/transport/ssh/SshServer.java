package dev.vigil.collectors.transport.ssh;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenSSH server on a loopback port, started once per test class: a generated ed25519 host
 * key, a generated user key pair, its own sshd_config (root login by key only), run in the
 * foreground as root and killed after the class. Without sshd the tests fail when {@code CI=true}
 * and are skipped otherwise.
 *
 * <p>Register with {@code @RegisterExtension static final SshServer SSHD = new SshServer();}.
 */
public final class SshServer implements BeforeAllCallback, AfterAllCallback {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final int addresses;
  private Path dir;
  private Process process;
  private int port;

  /** A server on 127.0.0.1 only. */
  SshServer() {
    this(1);
  }

  /** A server listening on 127.0.0.1 .. 127.0.0.{addresses}, all in its known_hosts. */
  SshServer(int addresses) {
    if (addresses < 1 || addresses > 15) {
      throw new IllegalArgumentException("sshd listens on at most 16 sockets: " + addresses);
    }
    this.addresses = addresses;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    requireSshd();
    dir = Files.createTempDirectory("vigil-sshd-");
    // The login users read authorized_keys as themselves (the sudo tests log in unprivileged).
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    keygen("ed25519", dir.resolve("host_ed25519"));
    keygen("ed25519", dir.resolve("id_ed25519"));
    keygen("ed25519", dir.resolve("id_wrong"));
    keygen("ecdsa", dir.resolve("id_secret"), PASSPHRASE);
    Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n", StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("authorized_keys"),
        Files.readString(dir.resolve("id_ed25519.pub"))
            + Files.readString(dir.resolve("id_secret.pub")),
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(
        dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
    port = freePort();
    Files.writeString(dir.resolve("sshd_config"), config(port), StandardCharsets.UTF_8);
    Files.createDirectories(Path.of("/run/sshd"));
    StringBuilder known = new StringBuilder();
    for (int i = 1; i <= addresses; i++) {
      known.append("[127.0.0.").append(i).append("]:").append(port).append(' ');
      known.append(hostKeyLine()).append('\n');
    }
    Files.writeString(dir.resolve("known_hosts"), known.toString(), StandardCharsets.UTF_8);
    process =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!accepting(port)) {
      if (!process.isAlive()) {
        fail("sshd exited with " + process.exitValue() + ": " + log());
      }
      if (System.nanoTime() > deadline) {
        fail("sshd did not listen on 127.0.0.1:" + port + " within 30 s: " + log());
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.deleteIfExists(p);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
  }

  /**
   * Fails under CI=true, skips otherwise, when sshd or ssh-keygen is missing or we are not root.
   */
  static void requireSshd() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(SSHD)) {
      missing.add(SSHD + " (Debian package openssh-server)");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
      missing.add("/usr/bin/ssh-keygen (openssh-client)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root privileges (sshd must run as root)");
    }
    if (missing.isEmpty()) {
      return;
    }
    String why = "the SSH transport tests need a real OpenSSH server; missing: " + missing;
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  private String config(int listenPort) {
    StringBuilder listen = new StringBuilder();
    for (int i = 1; i <= addresses; i++) {
      listen.append("ListenAddress 127.0.0.").append(i).append('\n');
    }
    return String.join(
        "\n",
        "Port " + listenPort,
        listen.toString().strip(),
        "HostKey " + dir.resolve("host_ed25519"),
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "StrictModes no",
        "UsePAM no",
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "MaxStartups 100",
        "MaxSessions 20",
        "UseDNS no",
        "PrintMotd no",
        "LogLevel ERROR",
        "");
  }

  static final String PASSPHRASE = "correct horse battery";

  static void keygen(String type, Path file) throws IOException, InterruptedException {
    keygen(type, file, "");
  }

  static void keygen(String type, Path file, String passphrase)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "/usr/bin/ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                "vigil-test",
                "-f",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("ssh-keygen failed: " + out);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static boolean accepting(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** {@code ssh-ed25519 AAAA...} of the server's host key. */
  String hostKeyLine() throws IOException {
    String[] f = Files.readString(dir.resolve("host_ed25519.pub")).trim().split("\\s+");
    return f[0] + " " + f[1];
  }

  Path dir() {
    return dir;
  }

  int port() {
    return port;
  }

  Path identity() {
    return dir.resolve("id_ed25519");
  }

  Path secretIdentity() {
    return dir.resolve("id_secret");
  }

  Path passphraseFile() {
    return dir.resolve("passphrase");
  }

  Path wrongIdentity() {
    return dir.resolve("id_wrong");
  }

  Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** A config for root on this server, host key known. */
  SshTargetConfig.Builder root() {
    return SshTargetConfig.builder("127.0.0.1", "root")
        .port(port)
        .identityFile(identity())
        .knownHosts(knownHosts())
        .connectTimeout(Duration.ofSeconds(30))
        .commandTimeout(Duration.ofSeconds(60));
  }

  String logText() {
    return log();
  }
}
