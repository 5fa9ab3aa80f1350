package dev.vigil.scheduler.config;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Target;
import dev.vigil.reports.Format;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A validated {@code vigil serve} configuration, as {@link ConfigLoader#load} returns it. Every
 * path is absolute (relative paths are resolved against the configuration file's folder). Secrets
 * are never held here: only the files or environment variables they are read from.
 *
 * @param file the configuration file itself
 * @param targets in file order; names are unique
 * @param groups by name, in file order
 * @param rulePacks extra rule packs on top of the built-in ones
 */
public record Config(
    Path file,
    List<TargetConfig> targets,
    Map<String, GroupConfig> groups,
    List<Path> rulePacks,
    Optional<Path> waivers,
    Outputs outputs,
    Retention retention,
    Optional<Cluster> cluster,
    Optional<Http> http,
    DaemonSettings daemon,
    Optional<Ssh> ssh) {
  public Config {
    requireNonNull(file, "file");
    targets = List.copyOf(targets);
    groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
    rulePacks = List.copyOf(rulePacks);
    requireNonNull(waivers, "waivers");
    requireNonNull(outputs, "outputs");
    requireNonNull(retention, "retention");
    requireNonNull(cluster, "cluster");
    requireNonNull(http, "http");
    requireNonNull(daemon, "daemon");
    requireNonNull(ssh, "ssh");
  }

  /** The targets that belong to a group, in file order. */
  public List<TargetConfig> targetsOf(String group) {
    return targets.stream().filter(t -> t.groups().contains(group)).toList();
  }

  /** One scanned target: its name is its job's identity in the scheduler. */
  public record TargetConfig(String name, Target target, List<String> groups) {
    public TargetConfig {
      requireNonNull(name, "name");
      requireNonNull(target, "target");
      groups = List.copyOf(groups);
    }
  }

  /**
   * When and how a group's targets are scanned.
   *
   * @param cron a Quartz cron expression (seconds first: {@code 0 0/15 * * * ?})
   * @param profile a built-in profile name or an absolute path to a profile file
   * @param timeout how long one target's scan may take before it is interrupted
   */
  public record GroupConfig(
      String name, String cron, ZoneId timeZone, String profile, Duration timeout) {
    public GroupConfig {
      requireNonNull(name, "name");
      requireNonNull(cron, "cron");
      requireNonNull(timeZone, "timeZone");
      requireNonNull(profile, "profile");
      requireNonNull(timeout, "timeout");
    }
  }

  /**
   * Where results go.
   *
   * @param archive the evidence archive root
   * @param alertState where change detection keeps the last state of each target
   */
  public record Outputs(
      Path archive,
      Set<Format> formats,
      Optional<Elasticsearch> elasticsearch,
      Path alertState,
      List<AlertSinkConfig> alertSinks) {
    public Outputs {
      requireNonNull(archive, "archive");
      formats = Set.copyOf(formats);
      requireNonNull(elasticsearch, "elasticsearch");
      requireNonNull(alertState, "alertState");
      alertSinks = List.copyOf(alertSinks);
    }
  }

  /** An Elasticsearch cluster; the API key is read from a file or an environment variable. */
  public record Elasticsearch(
      List<URI> urls,
      Optional<Path> apiKeyFile,
      Optional<String> apiKeyEnv,
      Optional<Path> caFile) {
    public Elasticsearch {
      urls = List.copyOf(urls);
      requireNonNull(apiKeyFile, "apiKeyFile");
      requireNonNull(apiKeyEnv, "apiKeyEnv");
      requireNonNull(caFile, "caFile");
    }
  }

  /** An alert sink: a webhook or a JSON-lines file. */
  public sealed interface AlertSinkConfig permits Webhook, JsonLinesFile {
    /** {@code ecs} or {@code ocsf}. */
    String format();
  }

  /** A webhook whose HMAC secret is read from a file or an environment variable. */
  public record Webhook(
      URI url, Optional<Path> secretFile, Optional<String> secretEnv, String format)
      implements AlertSinkConfig {
    public Webhook {
      requireNonNull(url, "url");
      requireNonNull(secretFile, "secretFile");
      requireNonNull(secretEnv, "secretEnv");
      requireNonNull(format, "format");
    }
  }

  /** A file that gets one JSON event per line. */
  public record JsonLinesFile(Path path, String format) implements AlertSinkConfig {
    public JsonLinesFile {
      requireNonNull(path, "path");
      requireNonNull(format, "format");
    }
  }

  /** How long runs stay in the evidence archive; empty means forever. */
  public record Retention(OptionalInt keepRuns, OptionalInt keepDays) {
    public Retention {
      requireNonNull(keepRuns, "keepRuns");
      requireNonNull(keepDays, "keepDays");
    }

    public static Retention forever() {
      return new Retention(OptionalInt.empty(), OptionalInt.empty());
    }
  }

  /**
   * Clustered scheduling on PostgreSQL: every node with the same cluster shares the schedules.
   *
   * @param instanceId this node's id, {@code AUTO} for host name and time
   */
  public record Cluster(
      String jdbcUrl,
      String user,
      Optional<Path> passwordFile,
      Optional<String> passwordEnv,
      String instanceId,
      Duration checkinInterval) {
    public Cluster {
      requireNonNull(jdbcUrl, "jdbcUrl");
      requireNonNull(user, "user");
      requireNonNull(passwordFile, "passwordFile");
      requireNonNull(passwordEnv, "passwordEnv");
      requireNonNull(instanceId, "instanceId");
      requireNonNull(checkinInterval, "checkinInterval");
    }
  }

  /**
   * How {@code ssh://} targets are reached; absent means the current user, the SSH agent and {@code
   * ~/.ssh/known_hosts}.
   *
   * @param user for addresses without {@code user@}
   * @param acceptNew trust and record the key of a host not yet in known-hosts
   * @param sudo run privileged reads through {@code sudo -n}
   */
  public record Ssh(
      Optional<String> user,
      Optional<Path> identityFile,
      Optional<Path> passwordFile,
      Optional<Path> knownHosts,
      boolean acceptNew,
      boolean sudo) {
    public Ssh {
      requireNonNull(user, "user");
      requireNonNull(identityFile, "identityFile");
      requireNonNull(passwordFile, "passwordFile");
      requireNonNull(knownHosts, "knownHosts");
    }
  }

  /** The loopback address of {@code /healthz} and {@code /metrics}. */
  public record Http(InetSocketAddress listen) {
    public Http {
      requireNonNull(listen, "listen");
    }
  }

  /**
   * @param threads scans that may run at the same time on this node
   * @param shutdownTimeout how long a graceful shutdown waits for running scans
   * @param misfireThreshold how late a fire may be before it counts as missed
   */
  public record DaemonSettings(int threads, Duration shutdownTimeout, Duration misfireThreshold) {
    public DaemonSettings {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
      requireNonNull(shutdownTimeout, "shutdownTimeout");
      requireNonNull(misfireThreshold, "misfireThreshold");
    }

    public static DaemonSettings defaults() {
      return new DaemonSettings(4, Duration.ofSeconds(60), Duration.ofSeconds(60));
    }
  }
}
