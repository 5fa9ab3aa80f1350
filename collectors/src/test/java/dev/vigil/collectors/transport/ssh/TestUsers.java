package dev.vigil.collectors.transport.ssh;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** An unprivileged login user for the sudo tests, created once (we run as root). */
final class TestUsers {
  static final String USER = "vigil-ssh-test";

  private TestUsers() {}

  static void requireSudo() {
    if (Files.isExecutable(Path.of("/usr/bin/sudo"))) {
      return;
    }
    String why = "the sudo tests need /usr/bin/sudo (Debian package sudo)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  /** The user, created when missing: shell /bin/sh, no password ("*": not locked for sshd). */
  static synchronized String unprivileged() throws IOException, InterruptedException {
    requireSudo();
    if (!Files.readString(Path.of("/etc/passwd")).contains("\n" + USER + ":")) {
      exec(List.of("/usr/sbin/useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh", USER));
    }
    exec(List.of("/usr/sbin/usermod", "-p", "*", USER));
    return USER;
  }

  private static void exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
