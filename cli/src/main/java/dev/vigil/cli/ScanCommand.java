package dev.vigil.cli;

import dev.vigil.core.Severity;
import dev.vigil.core.Target;
import dev.vigil.core.TargetKind;
import dev.vigil.reports.Format;
import dev.vigil.scheduler.scan.DefaultTransports;
import dev.vigil.scheduler.scan.ScanException;
import dev.vigil.scheduler.scan.ScanPipeline;
import dev.vigil.scheduler.scan.ScanRequest;
import dev.vigil.scheduler.scan.ScanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scan targets, evaluate the rules of a profile, and write the evidence archive and reports.",
      "Without --root or --target, scans this host.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no failed finding at or above --fail-on",
      "1:failed findings at or above --fail-on",
      "2:usage or configuration error",
      "3:the scan itself could not run",
    })
final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description =
          "Scan a mounted root filesystem or unpacked container image instead of this host.")
  Path root;

  @Option(
      names = {"-t", "--target"},
      paramLabel = "TARGET",
      description =
          "A target: local, root:/path, ssh://user@host:port or tls://host:port. Repeatable.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      defaultValue = "vigil-out",
      description =
          "Evidence archive folder; each run gets a sub-folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "LIST",
      defaultValue = "all",
      description = "Report formats: html,json,csv,junit,oscal or all (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--profile",
      paramLabel = "NAME|FILE",
      defaultValue = "default",
      description =
          "Rule profile: default, nist-low, nist-moderate, nist-high, or a profile file"
              + " (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(
      names = "--rules",
      paramLabel = "PATH",
      description = "Extra rule pack file or directory, on top of the built-in packs. Repeatable.")
  List<Path> rules = new ArrayList<>();

  @Option(names = "--waivers", paramLabel = "FILE", description = "Waivers file.")
  Path waivers;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "low",
      description =
          "Exit 1 when an unwaived failure has this severity or higher: info, low, medium, high,"
              + " critical, or none (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "Time limit for scanning one target (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing but errors; the exit code tells the outcome.")
  boolean quiet;

  @Override
  public Integer call() {
    Optional<Severity> threshold = parseFailOn(failOn);
    Set<Format> formats;
    try {
      formats = Format.parseList(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout must be a positive number of seconds: " + timeoutSeconds);
    }
    List<Target> scanTargets = resolveTargets();
    for (Path rule : rules) {
      if (!Files.exists(rule)) {
        throw new UsageException("rule pack not found: " + rule);
      }
    }
    if (waivers != null && !Files.isRegularFile(waivers)) {
      throw new UsageException("waivers file not found: " + waivers);
    }
    ScanRequest request =
        new ScanRequest(
            scanTargets,
            out,
            formats,
            profile,
            rules,
            Optional.ofNullable(waivers),
            Map.of(),
            Duration.ofSeconds(timeoutSeconds),
            Clock.systemUTC());
    ScanPipeline pipeline = DefaultTransports.pipeline(ToolVersion.get());
    ScanResult result;
    try {
      result = pipeline.run(request);
    } catch (ScanException e) {
      spec.commandLine().getErr().println("vigil: " + e.getMessage());
      return e.isConfigurationError() ? ExitCodes.USAGE : ExitCodes.SCAN_ERROR;
    }
    if (!quiet) {
      new Summary(result).print(spec.commandLine().getOut(), Path.of("").toAbsolutePath());
    }
    if (result.snapshots().isEmpty()) {
      return ExitCodes.SCAN_ERROR;
    }
    boolean failed =
        threshold.isPresent()
            && result.assessment().findings().stream()
                .anyMatch(f -> f.isOpenFailure() && f.severity().atLeast(threshold.get()));
    return failed ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private List<Target> resolveTargets() {
    List<Target> out = new ArrayList<>();
    if (root != null) {
      out.add(rootTarget(root));
    }
    for (String t : targets) {
      Target parsed;
      try {
        parsed = Target.parse(t);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      if (parsed.kind() == TargetKind.ROOT) {
        parsed = rootTarget(Path.of(parsed.location().substring("root:".length())));
      } else if (parsed.kind() == TargetKind.LOCAL) {
        parsed = DefaultTransports.localTarget();
      }
      out.add(parsed);
    }
    if (out.isEmpty()) {
      out.add(DefaultTransports.localTarget());
    }
    return out;
  }

  private static Target rootTarget(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--root must be an existing directory: " + dir);
    }
    return Target.root(dir.toAbsolutePath().normalize().toString());
  }

  private static Optional<Severity> parseFailOn(String text) {
    if (text.trim().toLowerCase(Locale.ROOT).equals("none")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Severity.parse(text));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--fail-on: " + e.getMessage() + " (or none)");
    }
  }
}
