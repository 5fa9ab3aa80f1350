package dev.vigil.index.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch from the integ-test-zip distribution that Maven unpacks into
 * {@code target/elasticsearch} (system property {@code vigil.elasticsearch.home}). The distribution
 * is copied into a temporary directory that also holds data and logs; as root it is owned by and
 * run as uid 65534 with setpriv, since Elasticsearch refuses to run as root. Loopback only, on free
 * ports, 512 MB heap, security off.
 */
public final class ElasticsearchNode implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
  private static final int NOBODY = 65534;

  private final Path base;
  private final Path home;
  private final int httpPort;
  private final int transportPort;
  private final boolean root;
  private Process process;
  private final Thread shutdownHook;

  private ElasticsearchNode(Path base, Path home, int httpPort, int transportPort, boolean root) {
    this.base = base;
    this.home = home;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
    this.root = root;
    this.shutdownHook = new Thread(this::killQuietly, "elasticsearch-node-kill");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The distribution directory, or empty with the reason when it is not there. */
  public static Path distribution() {
    String p = System.getProperty("vigil.elasticsearch.home");
    if (p == null || p.isBlank()) {
      throw new IllegalStateException(
          "system property vigil.elasticsearch.home is not set (run the tests through Maven, which"
              + " unpacks the Elasticsearch distribution)");
    }
    Path home = Path.of(p);
    if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
      throw new IllegalStateException(
          "no Elasticsearch distribution at "
              + home
              + " (./mvnw -pl index generate-test-resources unpacks it)");
    }
    return home;
  }

  /** Copies the distribution and starts a node; returns once it answers _cluster/health. */
  public static ElasticsearchNode start() throws IOException {
    Path dist = distribution();
    Path base = Files.createTempDirectory("vigil-es-");
    Path home = base.resolve("home");
    copyTree(dist, home);
    Files.createDirectories(base.resolve("data"));
    Files.createDirectories(base.resolve("logs"));
    Files.createDirectories(base.resolve("tmp"));
    boolean root = isRoot();
    if (root) {
      run(List.of("chown", "-R", NOBODY + ":" + NOBODY, base.toString()));
    }
    ElasticsearchNode node = new ElasticsearchNode(base, home, freePort(), freePort(), root);
    try {
      node.launch();
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  public int port() {
    return httpPort;
  }

  /** Kills the node at once (SIGKILL to every process of it) and waits until it is gone. */
  public void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>();
    p.toHandle().descendants().forEach(all::add);
    all.add(p.toHandle());
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("elasticsearch process " + h.pid() + " did not die", e);
      }
    }
    process = null;
  }

  /** Starts the node again on the same data directory and ports, after {@link #kill}. */
  public void restart() throws IOException {
    kill();
    launch();
  }

  private void launch() throws IOException {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    cmd.add(home.resolve("bin/elasticsearch").toString());
    cmd.addAll(
        List.of(
            "-Ediscovery.type=single-node",
            "-Expack.security.enabled=false",
            "-Enetwork.host=127.0.0.1",
            "-Ehttp.port=" + httpPort,
            "-Etransport.port=" + transportPort,
            "-Ecluster.name=vigil-test",
            "-Enode.name=vigil-test",
            "-Epath.data=" + base.resolve("data"),
            "-Epath.logs=" + base.resolve("logs"),
            "-Ecluster.routing.allocation.disk.threshold_enabled=false",
            "-Eaction.auto_create_index=true"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(base.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ES_") || k.equals("JAVA_TOOL_OPTIONS"));
    env.put("ES_JAVA_HOME", System.getProperty("java.home"));
    env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
    env.put("ES_TMPDIR", base.resolve("tmp").toString());
    Path console = base.resolve("console.log");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
    process = pb.start();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "elasticsearch exited with " + process.exitValue() + ":\n" + tail(console));
      }
      if (healthy()) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for elasticsearch", e);
      }
    }
    kill();
    throw new IOException(
        "elasticsearch not ready after " + READY_TIMEOUT.toSeconds() + " s:\n" + tail(console));
  }

  private boolean healthy() {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s")
                  .toURL()
                  .openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      try (InputStream in = c.getInputStream()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return c.getResponseCode() == 200 && !body.contains("\"status\":\"red\"");
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no console output: " + e + ")";
    }
  }

  private void killQuietly() {
    try {
      kill();
    } catch (RuntimeException e) {
      // Shutting down anyway.
    }
  }

  @Override
  public void close() {
    killQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down.
    }
    try {
      deleteTree(base);
    } catch (IOException e) {
      // A temporary directory; the OS cleans it eventually.
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void run(List<String> cmd) throws IOException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + cmd, e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
