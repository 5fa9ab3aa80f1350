package dev.vigil.scheduler.daemon;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server of its own for a test: initdb into a temporary folder, started on a free
 * loopback port with its socket in that folder, stopped and deleted by {@link #close}. As root, the
 * server runs as the {@code postgres} user (PostgreSQL refuses to run as root).
 *
 * <p>Needs the Debian package {@code postgresql} ({@code /usr/lib/postgresql/<version>/bin}). When
 * it is missing the test fails if {@code CI=true}, else it is skipped.
 */
final class Postgres implements AutoCloseable {
  static final String USER = "vigil";
  static final String PASSWORD = "test-only-password";

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asPostgres;

  private Postgres(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asPostgres = asPostgres;
  }

  static Postgres start() throws IOException {
    Optional<Path> bin = findBin();
    if (bin.isEmpty()) {
      String why =
          "PostgreSQL is not installed (apt-get install -y postgresql): no"
              + " /usr/lib/postgresql/<version>/bin/initdb";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("vigil-pg-");
    Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
    }
    Postgres pg = new Postgres(bin.get(), dir, freePort(), root);
    try {
      pg.pg(
          "initdb",
          "-D",
          pg.data.toString(),
          "-U",
          USER,
          "--pwfile=" + dir.resolve("pwfile"),
          "-A",
          "scram-sha-256",
          "-E",
          "UTF8",
          "--no-sync");
      pg.pg(
          "pg_ctl",
          "-D",
          pg.data.toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-w",
          "-t",
          "120",
          "-o",
          "-p " + pg.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
          "start");
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
    return pg;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** A file with the password, as a configuration names it. */
  Path passwordFile() {
    return dir.resolve("pwfile");
  }

  private void pg(String tool, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    run(cmd, dir);
  }

  private static void run(List<String> cmd, Path dir) throws IOException {
    Path log = Files.createTempFile("vigil-pg-cmd", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean exited;
      try {
        exited = p.waitFor(180, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exited = false;
      }
      if (!exited) {
        p.destroyForcibly();
        throw new IOException("timed out or interrupted: " + cmd);
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            cmd
                + " exited "
                + p.exitValue()
                + ":\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Optional<Path> findBin() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("initdb"))
                      && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())));
    }
  }

  private static int versionOf(String s) {
    try {
      return Integer.parseInt(s.replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        pg("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
