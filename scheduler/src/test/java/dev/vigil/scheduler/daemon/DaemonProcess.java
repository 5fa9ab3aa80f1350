package dev.vigil.scheduler.daemon;

import dev.vigil.scheduler.config.Config;
import dev.vigil.scheduler.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code vigil serve} in a process of its own, for the tests that kill or SIGTERM a node: loads the
 * configuration, starts the daemon with the shutdown hook, and waits. {@code VIGIL_TEST_DELAY_MS}
 * makes every scan wait that long before it opens its target (a long scan to kill a node in).
 */
public final class DaemonProcess {
  private DaemonProcess() {}

  public static void main(String[] args) throws Exception {
    Config config = ConfigLoader.load(Path.of(args[0]));
    long delay = Long.parseLong(System.getenv().getOrDefault("VIGIL_TEST_DELAY_MS", "0"));
    Fixtures.SlowPipeline slow = new Fixtures.SlowPipeline(Duration.ofMillis(delay));
    Daemon daemon =
        Daemon.start(config, DaemonOptions.defaults("test").withPipeline(slow.pipeline));
    System.out.println("READY " + daemon.nodeId());
    System.out.flush();
    daemon.awaitShutdown();
  }
}
