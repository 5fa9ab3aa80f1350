package dev.vigil.cli;

import dev.vigil.index.ControlHistory;
import dev.vigil.index.Credentials;
import dev.vigil.index.EvidenceIndex;
import dev.vigil.index.IndexConfig;
import dev.vigil.index.IndexResult;
import dev.vigil.index.IndexStatus;
import dev.vigil.index.SecretSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "The Elasticsearch evidence index: status, spool replay, history per control.",
    subcommands = {IndexCommand.Status.class, IndexCommand.Flush.class, IndexCommand.History.class})
final class IndexCommand {

  /** Where Elasticsearch is and where the spool of the evidence archive lives. */
  static final class Connection {
    @Option(
        names = "--es",
        paramLabel = "URL",
        split = ",",
        required = true,
        description = "Elasticsearch URL (repeatable or comma-separated).")
    List<URI> urls = new ArrayList<>();

    @Option(
        names = "--es-api-key",
        paramLabel = "file:PATH|env:NAME",
        description = "API key, from a file or an environment variable.")
    String apiKey;

    @Option(names = "--es-ca", paramLabel = "PEM", description = "CA certificate for TLS.")
    Path ca;

    @Option(
        names = {"-o", "--out"},
        paramLabel = "DIR",
        defaultValue = "vigil-out",
        description = "The evidence archive whose spool is replayed (default: ${DEFAULT-VALUE}).")
    Path out;

    EvidenceIndex open() {
      try {
        IndexConfig config = IndexConfig.of(urls.toArray(URI[]::new));
        if (apiKey != null) {
          config = config.withCredentials(new Credentials.ApiKey(SecretSource.parse(apiKey)));
        }
        if (ca != null) {
          config = config.withCaFile(ca);
        }
        return EvidenceIndex.open(config, out.resolve("es-spool"));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UsageException("elasticsearch: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Reachability, templates, document counts and spool size.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() {
      try (EvidenceIndex index = connection.open()) {
        IndexStatus s = index.status();
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            "elasticsearch: "
                + (s.reachable()
                    ? "reachable, cluster "
                        + s.cluster().orElse("?")
                        + ", health "
                        + s.health().orElse("?")
                    : "unreachable" + s.error().map(e -> " (" + e + ")").orElse("")));
        for (Map.Entry<String, Boolean> t : s.templates().entrySet()) {
          out.println("template  " + t.getKey() + ": " + (t.getValue() ? "installed" : "missing"));
        }
        for (Map.Entry<String, Long> d : s.documents().entrySet()) {
          out.println("documents " + d.getKey() + ": " + d.getValue());
        }
        out.println(
            "spool:    "
                + s.spoolSegments()
                + " segment(s), "
                + s.spoolBytes()
                + " bytes waiting; "
                + s.rejectedDocuments()
                + " document(s) refused for good");
        return s.reachable() ? ExitCodes.OK : ExitCodes.SCAN_ERROR;
      }
    }
  }

  @Command(
      name = "flush",
      mixinStandardHelpOptions = true,
      description =
          "Replay the spool of the evidence archive into Elasticsearch, in order, exactly once.")
  static final class Flush implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() {
      try (EvidenceIndex index = connection.open()) {
        IndexResult r = index.flush();
        spec.commandLine()
            .getOut()
            .println(
                r.replayedSegments()
                    + " segment(s) replayed, "
                    + r.operations()
                    + " operation(s) written, "
                    + r.duplicates()
                    + " already present; "
                    + (r.complete()
                        ? "the spool is empty"
                        : r.pendingSegments()
                            + " segment(s) still waiting"
                            + r.error().map(e -> " (" + e + ")").orElse("")));
        return r.complete() ? ExitCodes.OK : ExitCodes.SCAN_ERROR;
      }
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description =
          "The status of every control of a target over time, read back from Elasticsearch.")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Option(names = "--target", paramLabel = "NAME", required = true, description = "Target name.")
    String target;

    @Option(
        names = "--since",
        paramLabel = "DURATION",
        defaultValue = "30d",
        description = "How far back: 30d, 12h, 2w (default: ${DEFAULT-VALUE}).")
    String since;

    @Override
    public Integer call() {
      Duration window;
      try {
        window = IndexConfig.parseDuration(since);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--since: " + e.getMessage());
      }
      try (EvidenceIndex index = connection.open()) {
        index.refresh();
        ControlHistory h = index.history(target, window);
        PrintWriter out = spec.commandLine().getOut();
        out.println(target + ": " + h.runs().size() + " run(s) since " + h.since());
        for (var e : h.controls().entrySet()) {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", e.getKey()));
          for (ControlHistory.Point p : e.getValue()) {
            line.append(' ')
                .append(
                    switch (p.status()) {
                      case SATISFIED -> "✓";
                      case OTHER_THAN_SATISFIED -> "✗";
                      case NOT_ASSESSED -> "·";
                    });
          }
          ControlHistory.Point last = e.getValue().get(e.getValue().size() - 1);
          line.append("   now ").append(last.status().wire());
          out.println(line);
        }
        return ExitCodes.OK;
      } catch (IOException e) {
        spec.commandLine().getErr().println("vigil: elasticsearch: " + e.getMessage());
        return ExitCodes.SCAN_ERROR;
      }
    }
  }
}
