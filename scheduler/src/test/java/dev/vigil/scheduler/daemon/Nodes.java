package dev.vigil.scheduler.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Daemons in processes of their own ({@link DaemonProcess}); all killed by {@link #close}. */
final class Nodes implements AutoCloseable {
  private final Path logs;
  private final List<Node> nodes = new ArrayList<>();

  Nodes(Path logs) {
    this.logs = logs;
  }

  /** One running {@code vigil serve} process. */
  record Node(String name, Process process, Path log) {
    /** The daemon's node id once it printed READY. */
    Optional<String> nodeId() {
      try {
        if (!Files.exists(log)) {
          return Optional.empty();
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("READY "))
            .map(l -> l.substring("READY ".length()).trim())
            .findFirst();
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e.getMessage() + ")";
      }
    }
  }

  Node start(String name, Path config, long scanDelayMillis) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = logs.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-cp",
            System.getProperty("java.class.path"),
            DaemonProcess.class.getName(),
            config.toString());
    pb.environment().put("VIGIL_TEST_DELAY_MS", String.valueOf(scanDelayMillis));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Node n = new Node(name, pb.start(), log);
    nodes.add(n);
    return n;
  }

  List<Node> all() {
    return nodes;
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.process().destroyForcibly();
    }
    try {
      for (Node n : nodes) {
        n.process().waitFor(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
