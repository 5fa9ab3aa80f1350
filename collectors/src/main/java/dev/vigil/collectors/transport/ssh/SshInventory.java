package dev.vigil.collectors.transport.ssh;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.core.Target;
import dev.vigil.core.TargetKind;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet inventory in YAML: defaults, named credentials (a key file, an agent or a password file,
 * never the secret itself), jump hosts, groups with labels and hosts. Relative paths are resolved
 * against the inventory's folder, {@code ~} against the home folder.
 *
 * <pre>
 * defaults:
 *   user: scanner
 *   known_hosts: known_hosts        # default ~/.ssh/known_hosts
 *   connect_timeout: 15s            # also: command_timeout, scan_timeout (ms, s, m, h)
 *   max_output_bytes: 64MiB
 *   sudo: false
 *   accept_new: false
 * credentials:
 *   ops: { identity: keys/ops_ed25519, passphrase_file: keys/ops.pass }
 *   agent: { agent: true }
 *   legacy: { password_file: secrets/legacy.pw }
 * jump_hosts:
 *   bastion: { host: bastion.example.com, user: jump, credentials: ops }
 * groups:
 *   web:
 *     labels: { env: prod, role: web }
 *     credentials: ops
 *     jump: bastion
 *     hosts:
 *       - web1.example.com
 *       - { host: web2.example.com, port: 2222, name: web2, labels: { az: b } }
 * hosts:                            # hosts outside any group
 *   - { host: 10.0.0.5, credentials: agent, sudo: true }
 * </pre>
 *
 * Settings apply in the order defaults, group, host. Each target gets the labels of its group and
 * its own, plus {@code group: <name>}. Every problem of a file is reported at once, each as {@code
 * file:line:column: message}.
 */
public final class SshInventory {
  private static final Set<String> SETTINGS =
      Set.of(
          "user",
          "port",
          "credentials",
          "jump",
          "known_hosts",
          "accept_new",
          "connect_timeout",
          "command_timeout",
          "scan_timeout",
          "max_output_bytes",
          "sudo");
  private static final Set<String> TOP =
      Set.of("defaults", "credentials", "jump_hosts", "groups", "hosts");
  private static final Set<String> CREDENTIAL_KEYS =
      Set.of("identity", "passphrase_file", "agent", "agent_socket", "password_file");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

  /** One host of the inventory: the target as reports name it, and how to reach it. */
  public record Entry(Target target, SshTargetConfig config) {
    public Entry {
      requireNonNull(target, "target");
      requireNonNull(config, "config");
    }
  }

  /** The inventory could not be used; {@link #problems} lists every {@code file:line:col: ...}. */
  public static final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InventoryException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  private final Path file;
  private final Path base;
  private final List<String> problems = new ArrayList<>();

  private SshInventory(Path file) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    this.base = parent == null ? Path.of(".") : parent;
  }

  /** Loads and validates an inventory file. */
  public static List<Entry> load(Path file) throws IOException, InventoryException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new SshInventory(file).parse(r);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A YAML tree that remembers where each node was.

  private record Node(Object value, int line, int column) {
    @SuppressWarnings("unchecked")
    Map<String, Node> map() {
      return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
      return (List<Node>) value;
    }

    boolean isMap() {
      return value instanceof Map;
    }

    boolean isList() {
      return value instanceof List;
    }

    boolean isScalar() {
      return value instanceof String;
    }
  }

  private static Node read(JsonParser p) throws IOException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int col = at.getColumnNr();
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        map.put(key, read(p));
      }
      return new Node(map, line, col);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(read(p));
      }
      return new Node(list, line, col);
    }
    if (t == JsonToken.VALUE_NULL) {
      return new Node("", line, col);
    }
    return new Node(p.getText(), line, col);
  }

  private void problem(Node at, String message) {
    problems.add(file + ":" + at.line() + ":" + at.column() + ": " + message);
  }

  // ---------------------------------------------------------------------------------------------

  private List<Entry> parse(Reader reader) throws IOException, InventoryException {
    Node root;
    try (JsonParser p = new YAMLFactory().createParser(reader)) {
      if (p.nextToken() == null) {
        throw new InventoryException(List.of(file + ":1:1: the inventory is empty"));
      }
      root = read(p);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new InventoryException(
          List.of(
              file
                  + ":"
                  + (l == null ? 1 : l.getLineNr())
                  + ":"
                  + (l == null ? 1 : l.getColumnNr())
                  + ": not valid YAML: "
                  + e.getOriginalMessage()));
    }
    if (!root.isMap()) {
      problem(root, "expected a map with defaults, credentials, jump_hosts, groups, hosts");
      throw new InventoryException(problems);
    }
    unknownKeys(root, TOP, "top-level key");
    Map<String, Node> top = root.map();

    Map<String, String> defaults = settings(top.get("defaults"), "defaults");

    Map<String, Credential> credentials = new TreeMap<>();
    Node creds = top.get("credentials");
    if (creds != null) {
      if (!creds.isMap()) {
        problem(creds, "credentials must be a map of name to {identity|agent|password_file}");
      } else {
        creds
            .map()
            .forEach((name, n) -> credential(name, n).ifPresent(c -> credentials.put(name, c)));
      }
    }

    Map<String, Node> jumps = new TreeMap<>();
    Node jumpHosts = top.get("jump_hosts");
    if (jumpHosts != null) {
      if (!jumpHosts.isMap()) {
        problem(jumpHosts, "jump_hosts must be a map of name to {host, user, credentials}");
      } else {
        jumps.putAll(jumpHosts.map());
      }
    }

    List<Entry> entries = new ArrayList<>();
    Map<String, Node> seen = new LinkedHashMap<>();
    Node groups = top.get("groups");
    if (groups != null) {
      if (!groups.isMap()) {
        problem(groups, "groups must be a map of group name to {labels, hosts, settings}");
      } else {
        for (Map.Entry<String, Node> g : groups.map().entrySet()) {
          Node gn = g.getValue();
          if (!gn.isMap()) {
            problem(gn, "group " + g.getKey() + " must be a map with hosts");
            continue;
          }
          Set<String> allowed = new java.util.HashSet<>(SETTINGS);
          allowed.add("labels");
          allowed.add("hosts");
          unknownKeys(gn, allowed, "key of group " + g.getKey());
          Map<String, String> groupSettings = merge(defaults, settings(gn, "group " + g.getKey()));
          Map<String, String> labels = new TreeMap<>(labels(gn.map().get("labels")));
          labels.put("group", g.getKey());
          Node hosts = gn.map().get("hosts");
          if (hosts == null || !hosts.isList()) {
            problem(hosts == null ? gn : hosts, "group " + g.getKey() + " needs a list of hosts");
            continue;
          }
          for (Node h : hosts.list()) {
            host(h, groupSettings, labels, credentials, jumps, seen).ifPresent(entries::add);
          }
        }
      }
    }
    Node hosts = top.get("hosts");
    if (hosts != null) {
      if (!hosts.isList()) {
        problem(hosts, "hosts must be a list");
      } else {
        for (Node h : hosts.list()) {
          host(h, defaults, Map.of(), credentials, jumps, seen).ifPresent(entries::add);
        }
      }
    }
    if (entries.isEmpty() && problems.isEmpty()) {
      problem(root, "the inventory lists no hosts");
    }
    if (!problems.isEmpty()) {
      throw new InventoryException(problems);
    }
    return List.copyOf(entries);
  }

  private record Credential(
      Optional<Path> identity,
      Optional<Path> passphrase,
      boolean agent,
      Optional<Path> agentSocket,
      Optional<Path> password) {}

  private Optional<Credential> credential(String name, Node n) {
    if (!n.isMap()) {
      problem(n, "credential " + name + " must be a map with identity, agent or password_file");
      return Optional.empty();
    }
    unknownKeys(n, CREDENTIAL_KEYS, "key of credential " + name);
    Map<String, Node> m = n.map();
    Optional<Path> identity = path(m.get("identity"));
    Optional<Path> passphrase = path(m.get("passphrase_file"));
    boolean agent = m.containsKey("agent") && bool(m.get("agent"));
    Optional<Path> socket = path(m.get("agent_socket"));
    Optional<Path> password = path(m.get("password_file"));
    if (identity.isEmpty() && !agent && password.isEmpty()) {
      problem(n, "credential " + name + " needs identity, agent: true or password_file");
      return Optional.empty();
    }
    if (passphrase.isPresent() && identity.isEmpty()) {
      problem(m.get("passphrase_file"), "passphrase_file needs an identity in credential " + name);
    }
    return Optional.of(new Credential(identity, passphrase, agent, socket, password));
  }

  private Optional<Entry> host(
      Node h,
      Map<String, String> inherited,
      Map<String, String> groupLabels,
      Map<String, Credential> credentials,
      Map<String, Node> jumps,
      Map<String, Node> seen) {
    Map<String, String> settings;
    Map<String, String> labels = new TreeMap<>(groupLabels);
    String host;
    String name;
    if (h.isScalar()) {
      host = (String) h.value();
      name = host;
      settings = inherited;
    } else if (h.isMap()) {
      Set<String> allowed = new java.util.HashSet<>(SETTINGS);
      allowed.add("host");
      allowed.add("name");
      allowed.add("labels");
      unknownKeys(h, allowed, "key of a host");
      Node hn = h.map().get("host");
      if (hn == null || !hn.isScalar() || ((String) hn.value()).isBlank()) {
        problem(h, "a host needs host: <name or address>");
        return Optional.empty();
      }
      host = (String) hn.value();
      Node nn = h.map().get("name");
      name =
          nn != null && nn.isScalar() && !((String) nn.value()).isBlank()
              ? (String) nn.value()
              : host;
      settings = merge(inherited, settings(h, "host " + host));
      labels.putAll(labels(h.map().get("labels")));
    } else {
      problem(h, "a host is a name or a map with host:");
      return Optional.empty();
    }
    int before = problems.size();
    Optional<SshTargetConfig> config = config(h, host, settings, credentials, jumps, 0);
    if (config.isEmpty() || problems.size() > before) {
      return Optional.empty();
    }
    SshTargetConfig c = config.get();
    String location = "ssh://" + c.user() + "@" + bracket(host) + ":" + c.port();
    Node previous = seen.putIfAbsent(location, h);
    if (previous != null) {
      problem(h, location + " is listed twice (first at line " + previous.line() + ")");
      return Optional.empty();
    }
    return Optional.of(new Entry(new Target(name, TargetKind.SSH, location, labels), c));
  }

  private static String bracket(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private Optional<SshTargetConfig> config(
      Node at,
      String host,
      Map<String, String> s,
      Map<String, Credential> credentials,
      Map<String, Node> jumps,
      int depth) {
    String user = s.get("user");
    if (user == null || user.isBlank()) {
      problem(at, "no user for host " + host + " (set user: in defaults, the group or the host)");
      return Optional.empty();
    }
    String credName = s.get("credentials");
    if (credName == null) {
      problem(at, "no credentials for host " + host + " (set credentials: <name>)");
      return Optional.empty();
    }
    Credential cred = credentials.get(credName);
    if (cred == null) {
      problem(
          at,
          "unknown credentials '"
              + credName
              + "' for host "
              + host
              + "; defined: "
              + credentials.keySet());
      return Optional.empty();
    }
    try {
      SshTargetConfig.Builder b =
          SshTargetConfig.builder(host, user)
              .identityFile(cred.identity().orElse(null))
              .passphraseFile(cred.passphrase().orElse(null))
              .agent(cred.agent())
              .agentSocket(cred.agentSocket().orElse(null))
              .passwordFile(cred.password().orElse(null));
      if (s.containsKey("port")) {
        b.port(integer(at, "port", s.get("port")));
      }
      if (s.containsKey("known_hosts")) {
        b.knownHosts(resolve(s.get("known_hosts")));
      }
      if (s.containsKey("accept_new")) {
        b.acceptNew(Boolean.parseBoolean(s.get("accept_new")));
      }
      if (s.containsKey("sudo")) {
        b.sudo(Boolean.parseBoolean(s.get("sudo")));
      }
      if (s.containsKey("connect_timeout")) {
        b.connectTimeout(duration(at, "connect_timeout", s.get("connect_timeout")));
      }
      if (s.containsKey("command_timeout")) {
        b.commandTimeout(duration(at, "command_timeout", s.get("command_timeout")));
      }
      if (s.containsKey("scan_timeout")) {
        b.scanTimeout(duration(at, "scan_timeout", s.get("scan_timeout")));
      }
      if (s.containsKey("max_output_bytes")) {
        b.maxOutputBytes(bytes(at, "max_output_bytes", s.get("max_output_bytes")));
      }
      String jumpName = s.get("jump");
      if (jumpName != null && !jumpName.isBlank()) {
        Node jn = jumps.get(jumpName);
        if (jn == null) {
          problem(at, "unknown jump host '" + jumpName + "'; defined: " + jumps.keySet());
          return Optional.empty();
        }
        if (depth > 0) {
          problem(jn, "jump host " + jumpName + " cannot itself use a jump host");
          return Optional.empty();
        }
        if (!jn.isMap() || !jn.map().containsKey("host")) {
          problem(jn, "jump host " + jumpName + " needs host:");
          return Optional.empty();
        }
        Set<String> allowed = new java.util.HashSet<>(SETTINGS);
        allowed.add("host");
        unknownKeys(jn, allowed, "key of jump host " + jumpName);
        Map<String, String> js = new LinkedHashMap<>(s);
        js.remove("jump");
        js.remove("sudo");
        js = merge(js, settings(jn, "jump host " + jumpName));
        js.remove("jump");
        String jhost = (String) jn.map().get("host").value();
        Optional<SshTargetConfig> jc = config(jn, jhost, js, credentials, jumps, depth + 1);
        if (jc.isEmpty()) {
          return Optional.empty();
        }
        b.jump(jc.get());
      }
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      problem(at, e.getMessage());
      return Optional.empty();
    }
  }

  /** The scalar settings of a map node (defaults, group, host), validated. */
  private Map<String, String> settings(Node n, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isMap()) {
      problem(n, what + " must be a map");
      return out;
    }
    if (what.equals("defaults")) {
      unknownKeys(n, SETTINGS, "setting in defaults");
    }
    for (Map.Entry<String, Node> e : n.map().entrySet()) {
      if (!SETTINGS.contains(e.getKey())) {
        continue;
      }
      if (!e.getValue().isScalar()) {
        problem(e.getValue(), e.getKey() + " must be a single value in " + what);
        continue;
      }
      out.put(e.getKey(), (String) e.getValue().value());
    }
    return out;
  }

  private Map<String, String> labels(Node n) {
    Map<String, String> out = new TreeMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isMap()) {
      problem(n, "labels must be a map of name to value");
      return out;
    }
    for (Map.Entry<String, Node> e : n.map().entrySet()) {
      if (!e.getValue().isScalar()) {
        problem(e.getValue(), "label " + e.getKey() + " must be a single value");
        continue;
      }
      out.put(e.getKey(), (String) e.getValue().value());
    }
    return out;
  }

  private void unknownKeys(Node n, Set<String> allowed, String what) {
    for (Map.Entry<String, Node> e : n.map().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        problem(
            e.getValue(),
            "unknown "
                + what
                + " '"
                + e.getKey()
                + "'; expected one of "
                + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static Map<String, String> merge(Map<String, String> base, Map<String, String> over) {
    Map<String, String> m = new LinkedHashMap<>(base);
    m.putAll(over);
    return m;
  }

  private Optional<Path> path(Node n) {
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isScalar() || ((String) n.value()).isBlank()) {
      problem(n, "expected a file path");
      return Optional.empty();
    }
    return Optional.of(resolve((String) n.value()));
  }

  private Path resolve(String p) {
    if (p.equals("~") || p.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + p.substring(1));
    }
    return base.resolve(p).normalize();
  }

  private boolean bool(Node n) {
    String v = n.isScalar() ? ((String) n.value()).toLowerCase(Locale.ROOT) : "";
    if (!v.equals("true") && !v.equals("false")) {
      problem(n, "expected true or false");
      return false;
    }
    return v.equals("true");
  }

  private static int integer(Node at, String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number: " + v);
    }
  }

  static Duration duration(Node at, String key, String v) {
    Matcher m = DURATION.matcher(v.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(key + " must be a duration like 500ms, 15s, 5m, 1h: " + v);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  static long bytes(Node at, String key, String v) {
    Matcher m = BYTES.matcher(v.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(key + " must be a size like 65536, 512KiB, 64MiB: " + v);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    return switch (unit) {
      case "KiB" -> n * 1024;
      case "MiB" -> n * 1024 * 1024;
      case "GiB" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }
}
