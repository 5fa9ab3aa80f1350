package dev.vigil.scheduler.daemon;

import static dev.vigil.scheduler.daemon.Fixtures.await;
import static dev.vigil.scheduler.daemon.Fixtures.count;
import static dev.vigil.scheduler.daemon.Fixtures.journal;
import static dev.vigil.scheduler.daemon.Fixtures.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonSigtermTest {
  @TempDir Path dir;

  @Test
  void sigtermLetsTheRunningScanFinishBeforeTheProcessExits() throws Exception {
    Path config = dir.resolve("vigil.yaml");
    Files.writeString(
        config,
        """
        targets:
          - {name: hardened, address: "root:%s", groups: [fast]}
        groups:
          fast: {schedule: "* * * * * ?"}
        outputs: {archive: out}
        daemon: {shutdown-timeout: 120s}
        """
            .formatted(root("hardened")));
    Path out = dir.resolve("out");
    try (Nodes nodes = new Nodes(dir)) {
      Nodes.Node node = nodes.start("node", config, 5000);
      await(
          Duration.ofSeconds(120),
          "a scan to start\n" + node.output(),
          () -> count(out, "started") >= 1);
      node.process().destroy(); // SIGTERM
      assertTrue(node.process().waitFor(180, TimeUnit.SECONDS), "the daemon did not exit");
      List<RunRecord> records = journal(out);
      assertEquals(
          1, records.stream().filter(r -> r.event().equals("started")).count(), records.toString());
      assertEquals(
          1, records.stream().filter(r -> r.event().equals("finished")).count(), node.output());
      assertTrue(node.output().contains("vigil daemon"), node.output());
    }
  }
}
