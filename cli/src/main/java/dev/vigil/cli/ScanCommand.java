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
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = {
        "A collector setting; repeatable. E.g. walk.max_millis=5000 (time bound of the",
        "world-writable/SUID walk, default 2000), walk.max_entries=200000,",
        "certificates.paths=/etc/ssl:/opt/certs, certificates.trust_store=FILE."
      })
  Map<String, String> settings = new java.util.LinkedHashMap<>();

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

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description = "SSH inventory (YAML): hosts, groups, labels, credentials by reference.")
  Path inventory;

  @Option(
      names = "--identity",
      paramLabel = "KEY",
      description = "SSH private key for ssh:// targets (default: the SSH agent).")
  Path identity;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description =
          "known_hosts file SSH host keys are verified against (default: ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--accept-new",
      description =
          "Record the host key of an SSH host seen for the first time (a changed key still fails).")
  boolean acceptNew;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "SSH password, read from a file (never from the command line).")
  Path passwordFile;

  @Option(names = "--sudo", description = "Read through `sudo -n` on SSH targets.")
  boolean sudo;

  @Option(
      names = "--keep-runs",
      paramLabel = "N",
      description = "After the run, keep only the newest N runs in the evidence archive.")
  Integer keepRuns;

  @Option(
      names = "--keep-days",
      paramLabel = "D",
      description = "After the run, delete runs older than D days from the evidence archive.")
  Integer keepDays;

  @Option(
      names = "--es",
      paramLabel = "URL",
      split = ",",
      description =
          "Also index the run into Elasticsearch at this URL (repeatable or comma-separated).")
  List<java.net.URI> esUrls = new ArrayList<>();

  @Option(
      names = "--es-api-key",
      paramLabel = "file:PATH|env:NAME",
      description = "Elasticsearch API key, from a file or an environment variable.")
  String esApiKey;

  @Option(
      names = "--es-ca",
      paramLabel = "PEM",
      description = "CA certificate for Elasticsearch TLS.")
  Path esCa;

  @Option(
      names = "--alert-webhook",
      paramLabel = "URL",
      description = "POST failed-control events (new, regressed, resolved) to this URL.")
  java.net.URI alertWebhook;

  @Option(
      names = "--alert-secret",
      paramLabel = "file:PATH|env:NAME",
      description = "Shared secret for the webhook's HMAC-SHA256 signature header.")
  String alertSecret;

  @Option(
      names = "--alert-file",
      paramLabel = "FILE",
      description = "Append failed-control events to this JSON-lines file.")
  Path alertFile;

  @Option(
      names = "--alert-format",
      paramLabel = "ecs|ocsf",
      defaultValue = "ecs",
      description = "Event format of the alert sinks (default: ${DEFAULT-VALUE}).")
  String alertFormat;

  @Override
  public Integer call() {
    Optional<Severity> threshold = parseFailOn(failOn);
    Set<Format> formats;
    try {
      formats = Format.parseList(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (keepRuns != null && keepRuns < 1) {
      throw new UsageException("--keep-runs must be at least 1: " + keepRuns);
    }
    if (keepDays != null && keepDays < 1) {
      throw new UsageException("--keep-days must be at least 1: " + keepDays);
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
            settings,
            Duration.ofSeconds(timeoutSeconds),
            Clock.systemUTC());
    try {
      Files.createDirectories(out);
      if (!Files.isWritable(out)) {
        throw new java.nio.file.AccessDeniedException(out.toString());
      }
    } catch (java.io.IOException e) {
      throw new UsageException(
          "cannot write the evidence archive "
              + out
              + ": "
              + dev.vigil.core.transport.TransportErrors.reason(out.toString(), e));
    }
    ScanResult result;
    try (Sinks sinks = Sinks.open(this)) {
      ScanPipeline pipeline =
          DefaultTransports.pipeline(ToolVersion.get(), sshSettings(), Clock.systemUTC())
              .withAlerts(sinks.alerts());
      if (sinks.index() != null) {
        pipeline = pipeline.withIndex(sinks.index());
      }
      Progress progress =
          new Progress(
              spec.commandLine().getErr(),
              !quiet && scanTargets.size() > 1 && System.console() != null);
      try {
        result = pipeline.run(request, progress);
      } catch (ScanException e) {
        progress.clear();
        spec.commandLine().getErr().println("vigil: " + e.getMessage());
        return e.isConfigurationError() ? ExitCodes.USAGE : ExitCodes.SCAN_ERROR;
      }
      progress.clear();
    }
    List<String> pruned = prune();
    if (!quiet) {
      new Summary(result).print(spec.commandLine().getOut(), Path.of("").toAbsolutePath());
      if (!pruned.isEmpty()) {
        spec.commandLine().getOut().println("Pruned:   " + pruned.size() + " old run(s)");
      }
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

  private List<String> prune() {
    if (keepRuns == null && keepDays == null) {
      return List.of();
    }
    dev.vigil.reports.RetentionPolicy policy = dev.vigil.reports.RetentionPolicy.keepAll();
    if (keepRuns != null) {
      policy = dev.vigil.reports.RetentionPolicy.keepRuns(keepRuns);
    }
    if (keepDays != null) {
      policy = policy.andKeepDays(keepDays);
    }
    try {
      return new dev.vigil.reports.EvidenceArchive(out).prune(policy, java.time.Instant.now());
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println("vigil: retention not applied: " + e.getMessage());
      return List.of();
    }
  }

  private dev.vigil.scheduler.scan.SshSettings sshSettings() {
    dev.vigil.scheduler.scan.SshSettings d = dev.vigil.scheduler.scan.SshSettings.defaults();
    return new dev.vigil.scheduler.scan.SshSettings(
        d.defaultUser(),
        Optional.ofNullable(identity),
        Optional.ofNullable(passwordFile),
        knownHosts == null ? d.knownHosts() : knownHosts,
        acceptNew,
        sudo,
        inventoryConfigs);
  }

  private Map<String, dev.vigil.collectors.transport.ssh.SshTargetConfig> inventoryConfigs =
      Map.of();

  private List<Target> resolveTargets() {
    List<Target> out = new ArrayList<>();
    if (inventory != null) {
      if (!Files.isRegularFile(inventory)) {
        throw new UsageException("inventory not found: " + inventory);
      }
      Map<String, dev.vigil.collectors.transport.ssh.SshTargetConfig> configs =
          new java.util.HashMap<>();
      try {
        for (var entry : dev.vigil.collectors.transport.ssh.SshInventory.load(inventory)) {
          out.add(entry.target());
          configs.put(entry.target().name(), entry.config());
        }
      } catch (dev.vigil.collectors.transport.ssh.SshInventory.InventoryException e) {
        throw new UsageException("invalid inventory:\n" + String.join("\n", e.problems()));
      } catch (java.io.IOException e) {
        throw new UsageException(inventory + ": " + e.getMessage());
      }
      inventoryConfigs = Map.copyOf(configs);
    }
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
