package dev.vigil.cli;

import dev.vigil.scheduler.config.Config;
import dev.vigil.scheduler.config.ConfigException;
import dev.vigil.scheduler.config.ConfigLoader;
import dev.vigil.scheduler.daemon.Daemon;
import dev.vigil.scheduler.daemon.DaemonException;
import dev.vigil.scheduler.daemon.DaemonOptions;
import dev.vigil.scheduler.daemon.OnceResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run scans continuously on the schedules of a configuration file (Quartz).",
      "Stops gracefully on SIGTERM: running scans finish (up to the configured shutdown timeout).",
      "With a cluster section, several nodes share the schedules on PostgreSQL."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped cleanly (or, with --once, every scan ran)",
      "2:invalid configuration",
      "3:the daemon or, with --once, a scan could not run"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      required = true,
      description = "The configuration file (see examples/vigil.yaml).")
  Path config;

  @Option(names = "--once", description = "Run every target once, then exit (for cron).")
  boolean once;

  static Config load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("configuration not found: " + file);
    }
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      StringBuilder sb = new StringBuilder("invalid configuration " + file + ":");
      e.problems().forEach(p -> sb.append('\n').append(p));
      throw new UsageException(sb.toString());
    } catch (IOException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    Config cfg = load(config);
    DaemonOptions options = DaemonOptions.defaults(ToolVersion.get());
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (once) {
        OnceResult result = Daemon.runOnce(cfg, options);
        spec.commandLine()
            .getOut()
            .println(
                "vigil serve --once: "
                    + result.records().size()
                    + " scan(s), "
                    + result.failed()
                    + " failed");
        return result.exitCode();
      }
      Daemon daemon = Daemon.start(cfg, options);
      err.println(
          "vigil serve: node "
              + daemon.nodeId()
              + " running"
              + daemon
                  .httpAddress()
                  .map(
                      a ->
                          ", metrics on http://"
                              + a.getHostString()
                              + ":"
                              + a.getPort()
                              + "/metrics")
                  .orElse("")
              + "; stop with SIGTERM or Ctrl-C");
      daemon.awaitShutdown();
      return ExitCodes.OK;
    } catch (DaemonException e) {
      err.println("vigil: " + e.getMessage());
      return e.isConfigurationError() ? ExitCodes.USAGE : ExitCodes.SCAN_ERROR;
    }
  }
}
