package dev.vigil.scheduler.config;

import dev.vigil.core.Target;
import dev.vigil.reports.Format;
import dev.vigil.scheduler.config.Config.AlertSinkConfig;
import dev.vigil.scheduler.config.Config.Cluster;
import dev.vigil.scheduler.config.Config.DaemonSettings;
import dev.vigil.scheduler.config.Config.Elasticsearch;
import dev.vigil.scheduler.config.Config.GroupConfig;
import dev.vigil.scheduler.config.Config.Http;
import dev.vigil.scheduler.config.Config.JsonLinesFile;
import dev.vigil.scheduler.config.Config.Outputs;
import dev.vigil.scheduler.config.Config.Retention;
import dev.vigil.scheduler.config.Config.TargetConfig;
import dev.vigil.scheduler.config.Config.Webhook;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates a {@code vigil serve} configuration file (YAML).
 *
 * <p>The whole file is checked before anything is reported: unknown keys (with a suggestion),
 * invalid cron expressions, time zones, addresses and durations, groups that do not exist, unknown
 * profiles, missing rule packs, waivers or profile files, and secrets written inline instead of
 * read from a file or an environment variable. Each problem carries its line and column.
 *
 * <p>Stateless and thread-safe. Files named in the configuration are resolved against the
 * configuration file's folder. Secret files are not read (nor required to exist) here: the daemon
 * reads them when it starts, so a configuration can be checked where the secrets are absent.
 */
public final class ConfigLoader {
  /** The built-in profiles; anything else must be a profile file. */
  public static final List<String> BUILT_IN_PROFILES =
      List.of("default", "nist-low", "nist-moderate", "nist-high");

  private static final Set<String> SECRET_KEYS =
      Set.of(
          "password",
          "passwd",
          "secret",
          "api-key",
          "apikey",
          "api_key",
          "token",
          "key",
          "private-key",
          "credentials");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern JDBC_SECRET = Pattern.compile("(?i)[?&;](password|sslpassword)=");

  private ConfigLoader() {}

  /**
   * Loads and validates {@code file}.
   *
   * @throws ConfigException carrying every problem, each with file, line and column
   * @throws IOException the file cannot be read
   */
  public static Config load(Path file) throws ConfigException, IOException {
    Path abs = file.toAbsolutePath().normalize();
    try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
      return new Parse(abs).config(r);
    }
  }

  /** Like {@link #load} for text that is not (yet) a file; {@code file} names it in problems. */
  public static Config parse(String yaml, Path file) throws ConfigException {
    return new Parse(file.toAbsolutePath().normalize()).config(new java.io.StringReader(yaml));
  }

  /** One pass over one file, collecting problems. */
  private static final class Parse {
    private final Path file;
    private final Path base;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Parse(Path file) {
      this.file = file;
      this.base = file.getParent() == null ? Path.of("").toAbsolutePath() : file.getParent();
    }

    Config config(Reader reader) throws ConfigException {
      Node root;
      try {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below with their position
        options.setMaxAliasesForCollections(10);
        root = new Yaml(options).compose(reader);
      } catch (MarkedYAMLException e) {
        Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
        problems.add(
            new ConfigProblem(
                file,
                m == null ? 1 : m.getLine() + 1,
                m == null ? 1 : m.getColumn() + 1,
                "not valid YAML: " + what));
        throw new ConfigException(problems);
      } catch (YAMLException e) {
        problems.add(new ConfigProblem(file, 1, 1, "not valid YAML: " + e.getMessage()));
        throw new ConfigException(problems);
      }
      if (root == null) {
        problems.add(new ConfigProblem(file, 1, 1, "empty configuration: expected 'targets'"));
        throw new ConfigException(problems);
      }
      Map<String, Entry> top =
          mapping(
              root,
              "the configuration",
              List.of(
                  "targets",
                  "groups",
                  "rules",
                  "waivers",
                  "outputs",
                  "retention",
                  "cluster",
                  "http",
                  "daemon",
                  "ssh"));
      if (top == null) {
        throw new ConfigException(problems);
      }

      Map<String, GroupConfig> groups = new LinkedHashMap<>();
      Map<String, Node> groupNodes = new LinkedHashMap<>();
      Entry g = top.get("groups");
      if (g == null) {
        problem(root, "missing 'groups': every target needs a group with a schedule");
      } else if (g.value instanceof MappingNode gm) {
        for (NodeTuple t : gm.getValue()) {
          String name = keyOf(t);
          if (name == null) {
            continue;
          }
          if (groupNodes.containsKey(name)) {
            problem(t.getKeyNode(), "duplicate group '" + name + "'");
            continue;
          }
          groupNodes.put(name, t.getKeyNode());
          GroupConfig gc = group(name, t.getValueNode());
          if (gc != null) {
            groups.put(name, gc);
          }
        }
      } else {
        problem(g.value, "'groups' must be a mapping of group name to schedule");
      }

      List<TargetConfig> targets = targets(top.get("targets"), root, groupNodes);
      List<Path> rulePacks = new ArrayList<>();
      Entry rules = top.get("rules");
      if (rules != null) {
        for (Node n : sequence(rules.value, "'rules'")) {
          Path p = existingPath(n, "rule pack");
          if (p != null) {
            rulePacks.add(p);
          }
        }
      }
      Optional<Path> waivers = Optional.empty();
      Entry w = top.get("waivers");
      if (w != null) {
        waivers = Optional.ofNullable(existingPath(w.value, "waivers file"));
      }
      Outputs outputs = outputs(top.get("outputs"), root);
      Retention retention = retention(top.get("retention"));
      Optional<Cluster> cluster = cluster(top.get("cluster"));
      Optional<Http> http = http(top.get("http"));
      DaemonSettings daemon = daemon(top.get("daemon"));
      Optional<Config.Ssh> ssh = ssh(top.get("ssh"));

      if (!problems.isEmpty()) {
        problems.sort(
            java.util.Comparator.comparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column));
        throw new ConfigException(problems);
      }
      return new Config(
          file, targets, groups, rulePacks, waivers, outputs, retention, cluster, http, daemon,
          ssh);
    }

    private GroupConfig group(String name, Node node) {
      Map<String, Entry> m =
          mapping(
              node, "group '" + name + "'", List.of("schedule", "time-zone", "profile", "timeout"));
      if (m == null) {
        return null;
      }
      String cron = null;
      Entry s = m.get("schedule");
      if (s == null) {
        problem(node, "group '" + name + "' has no 'schedule' (a Quartz cron expression)");
      } else {
        cron = scalar(s.value, "'schedule'");
        if (cron != null) {
          try {
            CronExpression.validateExpression(cron);
          } catch (ParseException e) {
            problem(s.value, "invalid cron expression '" + cron + "': " + e.getMessage());
            cron = null;
          }
        }
      }
      ZoneId zone = ZoneId.of("UTC");
      Entry tz = m.get("time-zone");
      if (tz != null) {
        String z = scalar(tz.value, "'time-zone'");
        if (z != null) {
          try {
            zone = ZoneId.of(z);
          } catch (DateTimeException e) {
            problem(tz.value, "unknown time zone '" + z + "' (e.g. UTC, Europe/Berlin)");
          }
        }
      }
      String profile = "default";
      Entry p = m.get("profile");
      if (p != null) {
        String v = scalar(p.value, "'profile'");
        if (v != null) {
          profile = profile(p.value, v);
        }
      }
      Duration timeout = Duration.ofMinutes(5);
      Entry t = m.get("timeout");
      if (t != null) {
        Duration d = duration(t.value, "'timeout'");
        if (d != null) {
          timeout = d;
        }
      }
      return cron == null || profile == null
          ? null
          : new GroupConfig(name, cron, zone, profile, timeout);
    }

    private String profile(Node node, String value) {
      if (BUILT_IN_PROFILES.contains(value)) {
        return value;
      }
      boolean looksLikeFile =
          value.contains("/") || value.endsWith(".yaml") || value.endsWith(".yml");
      if (!looksLikeFile) {
        problem(
            node,
            "unknown profile '"
                + value
                + "': expected one of "
                + String.join("|", BUILT_IN_PROFILES)
                + " or a profile file"
                + suggestion(value, BUILT_IN_PROFILES));
        return null;
      }
      Path p = base.resolve(value).normalize();
      if (!Files.isRegularFile(p)) {
        problem(node, "profile file not found: " + p);
        return null;
      }
      return p.toString();
    }

    private List<TargetConfig> targets(Entry entry, Node root, Map<String, Node> groups) {
      List<TargetConfig> out = new ArrayList<>();
      if (entry == null) {
        problem(root, "missing 'targets': nothing to scan");
        return out;
      }
      Set<String> names = new LinkedHashSet<>();
      for (Node n : sequence(entry.value, "'targets'")) {
        Map<String, Entry> m =
            mapping(n, "a target", List.of("name", "address", "groups", "labels"));
        if (m == null) {
          continue;
        }
        Target target = null;
        Entry a = m.get("address");
        if (a == null) {
          problem(
              n, "target has no 'address' (local, root:/path, ssh://user@host:22, tls://host:443)");
        } else {
          String address = scalar(a.value, "'address'");
          if (address != null) {
            try {
              target = Target.parse(address);
            } catch (IllegalArgumentException e) {
              problem(a.value, e.getMessage());
            }
          }
        }
        String name = null;
        Entry nm = m.get("name");
        if (nm != null) {
          name = scalar(nm.value, "'name'");
          if (name != null && name.isBlank()) {
            problem(nm.value, "target name must not be blank");
            name = null;
          }
        } else if (target != null) {
          name = target.name();
        }
        if (name != null && !names.add(name)) {
          problem(nm != null ? nm.value : n, "duplicate target name '" + name + "'");
        }
        List<String> targetGroups = new ArrayList<>();
        Entry gs = m.get("groups");
        if (gs == null) {
          problem(
              n,
              "target "
                  + (name == null ? "" : "'" + name + "' ")
                  + "has no 'groups': it would never be scanned");
        } else {
          for (Node gn : sequence(gs.value, "'groups'")) {
            String group = scalar(gn, "a group name");
            if (group == null) {
              continue;
            }
            if (!groups.containsKey(group)) {
              problem(gn, "unknown group '" + group + "'" + suggestion(group, groups.keySet()));
            } else if (!targetGroups.contains(group)) {
              targetGroups.add(group);
            }
          }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Entry ls = m.get("labels");
        if (ls != null) {
          if (ls.value instanceof MappingNode lm) {
            for (NodeTuple t : lm.getValue()) {
              String k = keyOf(t);
              String v = scalar(t.getValueNode(), "label '" + k + "'");
              if (k != null && v != null) {
                labels.put(k, v);
              }
            }
          } else {
            problem(ls.value, "'labels' must be a mapping (env: prod)");
          }
        }
        if (target != null && name != null) {
          out.add(new TargetConfig(name, target.withName(name).withLabels(labels), targetGroups));
        }
      }
      return out;
    }

    private Outputs outputs(Entry entry, Node root) {
      Path archive = null;
      Set<Format> formats = EnumSet.of(Format.JSON);
      Optional<Elasticsearch> es = Optional.empty();
      Path alertState = null;
      List<AlertSinkConfig> sinks = new ArrayList<>();
      if (entry == null) {
        problem(root, "missing 'outputs' (at least 'archive', the evidence archive folder)");
      } else {
        Map<String, Entry> m =
            mapping(
                entry.value, "'outputs'", List.of("archive", "formats", "elasticsearch", "alerts"));
        if (m != null) {
          Entry a = m.get("archive");
          if (a == null) {
            problem(entry.value, "'outputs' has no 'archive' (the evidence archive folder)");
          } else {
            archive = path(a.value, "'archive'");
          }
          Entry f = m.get("formats");
          if (f != null) {
            EnumSet<Format> fs = EnumSet.noneOf(Format.class);
            for (Node n : sequence(f.value, "'formats'")) {
              String v = scalar(n, "a format");
              if (v != null) {
                try {
                  fs.addAll(Format.parseList(v));
                } catch (IllegalArgumentException e) {
                  problem(n, e.getMessage());
                }
              }
            }
            if (!fs.isEmpty()) {
              formats = fs;
            }
          }
          Entry e = m.get("elasticsearch");
          if (e != null) {
            es = elasticsearch(e.value);
          }
          Entry al = m.get("alerts");
          if (al != null) {
            Map<String, Entry> am = mapping(al.value, "'alerts'", List.of("state", "sinks"));
            if (am != null) {
              Entry st = am.get("state");
              if (st != null) {
                alertState = path(st.value, "'state'");
              }
              Entry sk = am.get("sinks");
              if (sk != null) {
                for (Node n : sequence(sk.value, "'sinks'")) {
                  AlertSinkConfig s = sink(n);
                  if (s != null) {
                    sinks.add(s);
                  }
                }
              }
            }
          }
        }
      }
      if (archive == null) {
        return null;
      }
      if (alertState == null) {
        alertState = archive.resolve(".vigil").resolve("alerts");
      }
      return new Outputs(archive, formats, es, alertState, sinks);
    }

    private Optional<Elasticsearch> elasticsearch(Node node) {
      Map<String, Entry> m =
          mapping(
              node, "'elasticsearch'", List.of("urls", "api-key-file", "api-key-env", "ca-file"));
      if (m == null) {
        return Optional.empty();
      }
      List<URI> urls = new ArrayList<>();
      Entry u = m.get("urls");
      if (u == null) {
        problem(node, "'elasticsearch' has no 'urls'");
      } else {
        for (Node n : sequence(u.value, "'urls'")) {
          URI uri = uri(n, "http", "https");
          if (uri != null) {
            if (uri.getUserInfo() != null) {
              problem(n, secretMessage("a user and password in the URL", "api-key-file"));
            } else {
              urls.add(uri);
            }
          }
        }
      }
      Optional<Path> keyFile = optionalPath(m.get("api-key-file"), "'api-key-file'");
      Optional<String> keyEnv = optionalEnv(m.get("api-key-env"));
      Optional<Path> ca = Optional.empty();
      Entry c = m.get("ca-file");
      if (c != null) {
        ca = Optional.ofNullable(existingPath(c.value, "CA file"));
      }
      return urls.isEmpty()
          ? Optional.empty()
          : Optional.of(new Elasticsearch(urls, keyFile, keyEnv, ca));
    }

    private AlertSinkConfig sink(Node node) {
      Map<String, Entry> m =
          mapping(
              node,
              "an alert sink",
              List.of("type", "url", "secret-file", "secret-env", "path", "format"));
      if (m == null) {
        return null;
      }
      Entry t = m.get("type");
      if (t == null) {
        problem(node, "alert sink has no 'type' (webhook or file)");
        return null;
      }
      String type = scalar(t.value, "'type'");
      String format = "ecs";
      Entry f = m.get("format");
      if (f != null) {
        String v = scalar(f.value, "'format'");
        if (v != null && !List.of("ecs", "ocsf").contains(v)) {
          problem(
              f.value,
              "alert format must be ecs or ocsf: " + v + suggestion(v, List.of("ecs", "ocsf")));
          return null;
        }
        format = v == null ? format : v;
      }
      if ("webhook".equals(type)) {
        for (String k : List.of("path")) {
          if (m.containsKey(k)) {
            problem(m.get(k).key, "'" + k + "' belongs to a file sink, not a webhook");
          }
        }
        Entry u = m.get("url");
        if (u == null) {
          problem(node, "webhook sink has no 'url'");
          return null;
        }
        URI url = uri(u.value, "http", "https");
        Optional<Path> secretFile = optionalPath(m.get("secret-file"), "'secret-file'");
        Optional<String> secretEnv = optionalEnv(m.get("secret-env"));
        if (secretFile.isEmpty()
            && secretEnv.isEmpty()
            && !m.containsKey("secret-file")
            && !m.containsKey("secret-env")) {
          problem(node, "webhook sink needs 'secret-file' or 'secret-env' (the HMAC-SHA256 key)");
        }
        if (url != null && url.getUserInfo() != null) {
          problem(u.value, secretMessage("a user and password in the URL", "secret-file"));
          return null;
        }
        return url == null ? null : new Webhook(url, secretFile, secretEnv, format);
      }
      if ("file".equals(type)) {
        for (String k : List.of("url", "secret-file", "secret-env")) {
          if (m.containsKey(k)) {
            problem(m.get(k).key, "'" + k + "' belongs to a webhook sink, not a file");
          }
        }
        Entry p = m.get("path");
        if (p == null) {
          problem(node, "file sink has no 'path' (the JSON-lines file)");
          return null;
        }
        Path path = path(p.value, "'path'");
        return path == null ? null : new JsonLinesFile(path, format);
      }
      if (type != null) {
        problem(
            t.value,
            "alert sink type must be webhook or file: "
                + type
                + suggestion(type, List.of("webhook", "file")));
      }
      return null;
    }

    private Retention retention(Entry entry) {
      if (entry == null) {
        return Retention.forever();
      }
      Map<String, Entry> m = mapping(entry.value, "'retention'", List.of("keep-runs", "keep-days"));
      if (m == null) {
        return Retention.forever();
      }
      return new Retention(positive(m.get("keep-runs")), positive(m.get("keep-days")));
    }

    private Optional<Cluster> cluster(Entry entry) {
      if (entry == null) {
        return Optional.empty();
      }
      Map<String, Entry> m =
          mapping(
              entry.value,
              "'cluster'",
              List.of(
                  "jdbc-url",
                  "user",
                  "password-file",
                  "password-env",
                  "instance-id",
                  "checkin-interval"));
      if (m == null) {
        return Optional.empty();
      }
      String url = null;
      Entry u = m.get("jdbc-url");
      if (u == null) {
        problem(entry.value, "'cluster' has no 'jdbc-url' (jdbc:postgresql://host:5432/vigil)");
      } else {
        url = scalar(u.value, "'jdbc-url'");
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
          problem(
              u.value,
              "clustered scheduling needs PostgreSQL: jdbc-url must start with jdbc:postgresql: : "
                  + url);
          url = null;
        } else if (url != null && JDBC_SECRET.matcher(url).find()) {
          problem(u.value, secretMessage("a password in the JDBC URL", "password-file"));
          url = null;
        }
      }
      String user = null;
      Entry us = m.get("user");
      if (us == null) {
        problem(entry.value, "'cluster' has no 'user'");
      } else {
        user = scalar(us.value, "'user'");
      }
      Optional<Path> pwFile = optionalPath(m.get("password-file"), "'password-file'");
      Optional<String> pwEnv = optionalEnv(m.get("password-env"));
      String instanceId = "AUTO";
      Entry id = m.get("instance-id");
      if (id != null) {
        String v = scalar(id.value, "'instance-id'");
        instanceId = v == null ? instanceId : v;
      }
      Duration checkin = Duration.ofMillis(7500);
      Entry ci = m.get("checkin-interval");
      if (ci != null) {
        Duration d = duration(ci.value, "'checkin-interval'");
        checkin = d == null ? checkin : d;
      }
      return url == null || user == null
          ? Optional.empty()
          : Optional.of(new Cluster(url, user, pwFile, pwEnv, instanceId, checkin));
    }

    private Optional<Http> http(Entry entry) {
      if (entry == null) {
        return Optional.empty();
      }
      Map<String, Entry> m = mapping(entry.value, "'http'", List.of("listen"));
      if (m == null) {
        return Optional.empty();
      }
      Entry l = m.get("listen");
      if (l == null) {
        problem(entry.value, "'http' has no 'listen' (127.0.0.1:9464)");
        return Optional.empty();
      }
      String v = scalar(l.value, "'listen'");
      if (v == null) {
        return Optional.empty();
      }
      int colon = v.lastIndexOf(':');
      if (colon <= 0) {
        problem(l.value, "'listen' must be host:port on loopback (127.0.0.1:9464): " + v);
        return Optional.empty();
      }
      String host = v.substring(0, colon).replace("[", "").replace("]", "");
      int port;
      try {
        port = Integer.parseInt(v.substring(colon + 1));
      } catch (NumberFormatException e) {
        problem(l.value, "port must be 0..65535: " + v.substring(colon + 1));
        return Optional.empty();
      }
      if (port < 0 || port > 65535) {
        problem(l.value, "port must be 0..65535: " + port);
        return Optional.empty();
      }
      try {
        InetAddress address = InetAddress.getByName(host);
        if (!address.isLoopbackAddress()) {
          problem(
              l.value,
              "the health and metrics endpoint listens on loopback only (127.0.0.1 or ::1): "
                  + host);
          return Optional.empty();
        }
        return Optional.of(new Http(new InetSocketAddress(address, port)));
      } catch (UnknownHostException e) {
        problem(l.value, "unknown host: " + host);
        return Optional.empty();
      }
    }

    private Optional<Config.Ssh> ssh(Entry entry) {
      if (entry == null) {
        return Optional.empty();
      }
      Map<String, Entry> m =
          mapping(
              entry.value,
              "'ssh'",
              List.of(
                  "user", "identity-file", "password-file", "known-hosts", "accept-new", "sudo"));
      if (m == null) {
        return Optional.empty();
      }
      Optional<String> user = Optional.empty();
      if (m.get("user") != null) {
        user = Optional.ofNullable(scalar(m.get("user").value, "'user'"));
      }
      Optional<Path> knownHosts = Optional.empty();
      if (m.get("known-hosts") != null) {
        knownHosts =
            Optional.ofNullable(existingPath(m.get("known-hosts").value, "known-hosts file"));
      }
      return Optional.of(
          new Config.Ssh(
              user,
              optionalPath(m.get("identity-file"), "'identity-file'"),
              optionalPath(m.get("password-file"), "'password-file'"),
              knownHosts,
              bool(m.get("accept-new")),
              bool(m.get("sudo"))));
    }

    private boolean bool(Entry e) {
      if (e == null) {
        return false;
      }
      String v = scalar(e.value, "a yes/no value");
      if ("true".equals(v) || "yes".equals(v)) {
        return true;
      }
      if (v != null && !"false".equals(v) && !"no".equals(v)) {
        problem(e.value, "expected true or false: " + v);
      }
      return false;
    }

    private DaemonSettings daemon(Entry entry) {
      DaemonSettings d = DaemonSettings.defaults();
      if (entry == null) {
        return d;
      }
      Map<String, Entry> m =
          mapping(
              entry.value, "'daemon'", List.of("threads", "shutdown-timeout", "misfire-threshold"));
      if (m == null) {
        return d;
      }
      int threads = positive(m.get("threads")).orElse(d.threads());
      Duration shutdown = d.shutdownTimeout();
      if (m.get("shutdown-timeout") != null) {
        Duration v = duration(m.get("shutdown-timeout").value, "'shutdown-timeout'");
        shutdown = v == null ? shutdown : v;
      }
      Duration misfire = d.misfireThreshold();
      if (m.get("misfire-threshold") != null) {
        Duration v = duration(m.get("misfire-threshold").value, "'misfire-threshold'");
        misfire = v == null ? misfire : v;
      }
      return new DaemonSettings(threads, shutdown, misfire);
    }

    // ---- node helpers ----

    /** A key and its value node. */
    private record Entry(Node key, Node value) {}

    private Map<String, Entry> mapping(Node node, String what, List<String> allowed) {
      if (!(node instanceof MappingNode m)) {
        problem(node, what + " must be a mapping (key: value)");
        return null;
      }
      Map<String, Entry> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String key = keyOf(t);
        if (key == null) {
          continue;
        }
        if (out.containsKey(key)) {
          problem(t.getKeyNode(), "duplicate key '" + key + "' in " + what);
          continue;
        }
        if (!allowed.contains(key)) {
          if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
            String file =
                allowed.stream()
                    .filter(a -> a.endsWith("-file"))
                    .findFirst()
                    .orElse("a *-file key");
            problem(t.getKeyNode(), secretMessage("'" + key + "'", file));
          } else {
            problem(
                t.getKeyNode(),
                "unknown key '"
                    + key
                    + "' in "
                    + what
                    + suggestion(key, allowed)
                    + (suggestion(key, allowed).isEmpty()
                        ? " (expected " + String.join(", ", allowed) + ")"
                        : ""));
          }
          continue;
        }
        out.put(key, new Entry(t.getKeyNode(), t.getValueNode()));
      }
      return out;
    }

    private String keyOf(NodeTuple t) {
      if (t.getKeyNode() instanceof ScalarNode s) {
        return s.getValue();
      }
      problem(t.getKeyNode(), "keys must be plain strings");
      return null;
    }

    private List<Node> sequence(Node node, String what) {
      if (node instanceof SequenceNode s) {
        return s.getValue();
      }
      problem(node, what + " must be a list (- item)");
      return List.of();
    }

    private String scalar(Node node, String what) {
      if (node instanceof ScalarNode s) {
        if (s.getTag().getValue().endsWith(":null")) {
          problem(node, what + " has no value");
          return null;
        }
        return s.getValue();
      }
      problem(node, what + " must be a single value");
      return null;
    }

    private Path path(Node node, String what) {
      String v = scalar(node, what);
      if (v == null) {
        return null;
      }
      if (v.isBlank()) {
        problem(node, what + " must not be blank");
        return null;
      }
      return base.resolve(v).normalize();
    }

    private Path existingPath(Node node, String what) {
      Path p = path(node, what);
      if (p != null && !Files.exists(p)) {
        problem(node, what + " not found: " + p);
        return null;
      }
      return p;
    }

    private Optional<Path> optionalPath(Entry e, String what) {
      return e == null ? Optional.empty() : Optional.ofNullable(path(e.value, what));
    }

    private Optional<String> optionalEnv(Entry e) {
      if (e == null) {
        return Optional.empty();
      }
      String v = scalar(e.value, "an environment variable name");
      if (v != null && !v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problem(
            e.value,
            "expected the NAME of an environment variable (like VIGIL_SECRET), not a value: "
                + "secrets never go in a committed config");
        return Optional.empty();
      }
      return Optional.ofNullable(v);
    }

    private OptionalInt positive(Entry e) {
      if (e == null) {
        return OptionalInt.empty();
      }
      String v = scalar(e.value, "a number");
      if (v == null) {
        return OptionalInt.empty();
      }
      try {
        int n = Integer.parseInt(v.trim());
        if (n >= 1) {
          return OptionalInt.of(n);
        }
      } catch (NumberFormatException ex) {
        // reported below
      }
      problem(e.value, "expected a whole number of at least 1: " + v);
      return OptionalInt.empty();
    }

    private Duration duration(Node node, String what) {
      String v = scalar(node, what);
      if (v == null) {
        return null;
      }
      Matcher m = DURATION.matcher(v.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        problem(node, what + " must be a positive duration like 30s, 5m, 2h or 1d: " + v);
        return null;
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }

    private URI uri(Node node, String... schemes) {
      String v = scalar(node, "a URL");
      if (v == null) {
        return null;
      }
      try {
        URI u = new URI(v);
        if (u.getScheme() == null
            || !List.of(schemes).contains(u.getScheme().toLowerCase(Locale.ROOT))
            || u.getHost() == null) {
          problem(node, "expected an " + String.join(" or ", schemes) + " URL: " + v);
          return null;
        }
        return u;
      } catch (URISyntaxException e) {
        problem(node, "not a valid URL: " + v);
        return null;
      }
    }

    private void problem(Node node, String message) {
      Mark m = node.getStartMark();
      problems.add(
          new ConfigProblem(
              file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, message));
    }
  }

  private static String secretMessage(String what, String instead) {
    return what
        + " is a secret: secrets never go in a committed config; use "
        + instead
        + " (or the matching *-env variable)";
  }

  /** {@code " (did you mean 'x'?)"} for the closest candidate within two edits, else empty. */
  static String suggestion(String value, java.util.Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(value.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int limit = Math.max(2, value.length() / 3);
    return best != null && bestDistance <= limit ? " (did you mean '" + best + "'?)" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
