package dev.vigil.scheduler.daemon;

import static java.util.Objects.requireNonNull;

import dev.vigil.scheduler.config.Config;
import dev.vigil.scheduler.scan.DefaultTransports;
import dev.vigil.scheduler.scan.ScanPipeline;
import dev.vigil.scheduler.scan.SshSettings;
import java.time.Clock;
import java.util.Optional;

/**
 * How a daemon runs, beyond its configuration.
 *
 * @param toolVersion recorded in every assessment
 * @param pipeline the scan pipeline; empty for {@link DefaultTransports#pipeline}
 * @param shutdownHook install a JVM shutdown hook (SIGTERM, SIGINT) that stops the daemon
 *     gracefully
 */
public record DaemonOptions(
    String toolVersion, Optional<ScanPipeline> pipeline, boolean shutdownHook, Clock clock) {
  public DaemonOptions {
    requireNonNull(toolVersion, "toolVersion");
    requireNonNull(pipeline, "pipeline");
    requireNonNull(clock, "clock");
  }

  /** The built-in pipeline, a shutdown hook, the system clock. */
  public static DaemonOptions defaults(String toolVersion) {
    return new DaemonOptions(toolVersion, Optional.empty(), true, Clock.systemUTC());
  }

  public DaemonOptions withPipeline(ScanPipeline p) {
    return new DaemonOptions(toolVersion, Optional.of(p), shutdownHook, clock);
  }

  public DaemonOptions withShutdownHook(boolean install) {
    return new DaemonOptions(toolVersion, pipeline, install, clock);
  }

  ScanPipeline pipelineOrDefault(Config config) {
    if (pipeline.isPresent()) {
      return pipeline.get();
    }
    if (config.ssh().isEmpty()) {
      return DefaultTransports.pipeline(toolVersion);
    }
    Config.Ssh s = config.ssh().get();
    SshSettings d = SshSettings.defaults();
    SshSettings ssh =
        new SshSettings(
            s.user().orElse(d.defaultUser()),
            s.identityFile(),
            s.passwordFile(),
            s.knownHosts().orElse(d.knownHosts()),
            s.acceptNew(),
            s.sudo(),
            java.util.Map.of());
    return DefaultTransports.pipeline(toolVersion, ssh, clock);
  }
}
