package dev.vigil.collectors.accounts;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.accounts.AccountFiles.PasswdEntry;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.collectors.internal.SshKeys;
import dev.vigil.collectors.sshd.SshdConfig;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code accounts.authorized_keys}: the SSH keys that may log in as each user, reduced to type,
 * size, fingerprint, options and comment. The key body never leaves this class.
 */
public final class AuthorizedKeysCollector implements Collector {
  public static final String FACT = "accounts.authorized_keys";
  private static final int MAX_USERS = 5000;

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "SSH authorized keys", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Text passwd = in.read("/etc/passwd");
    if (!passwd.ok()) {
      return List.of(Fact.error(FACT, passwd.reason(), in.provenance()));
    }
    AccountFiles.Parsed<PasswdEntry> users = AccountFiles.passwd(passwd);
    if (users.entries().isEmpty()) {
      return List.of(Fact.error(FACT, "/etc/passwd: no valid entries", in.provenance()));
    }
    List<String> patterns = List.of(".ssh/authorized_keys", ".ssh/authorized_keys2");
    Inputs.Text sshd = in.read(SshdConfig.MAIN);
    if (sshd.ok()) {
      String akf = SshdConfig.parse(in.fork(), sshd).configured().get("authorizedkeysfile");
      if (akf != null && !akf.equalsIgnoreCase("none")) {
        patterns = Lines.words(akf);
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, Object> out = new TreeMap<>();
    int keyCount = 0;
    int n = 0;
    for (PasswdEntry u : users.entries()) {
      if (++n > MAX_USERS || !u.home().startsWith("/") || out.containsKey(u.name())) {
        continue;
      }
      List<String> files = new ArrayList<>();
      List<Map<String, Object>> keys = new ArrayList<>();
      for (String pattern : patterns) {
        String path = expand(pattern, u);
        if (path == null || files.contains(path)) {
          continue;
        }
        Inputs.Text t = in.read(path, 1L << 20, false);
        if (t.missing()) {
          continue;
        }
        files.add(path);
        if (!t.ok()) {
          problems.add(t.reason());
          continue;
        }
        List<String> lines = t.lines();
        for (int i = 0; i < lines.size() && keys.size() < 1000; i++) {
          String l = Lines.stripComment(lines.get(i));
          if (l.isEmpty()) {
            continue;
          }
          Optional<Map<String, Object>> k = parseLine(l);
          if (k.isEmpty()) {
            problems.add(Lines.problem(path, i + 1, "not a public key"));
            continue;
          }
          Map<String, Object> key = new LinkedHashMap<>(k.get());
          key.put("file", path);
          key.put("line", i + 1);
          keys.add(key);
        }
      }
      if (!files.isEmpty()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("keys", keys);
        out.put(u.name(), m);
        keyCount += keys.size();
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("users", out);
    v.put("key_count", keyCount);
    v.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  private static String expand(String pattern, PasswdEntry u) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' && i + 1 < pattern.length()) {
        char t = pattern.charAt(++i);
        switch (t) {
          case 'h' -> b.append(u.home());
          case 'u' -> b.append(u.name());
          case 'U' -> b.append(u.uid());
          case '%' -> b.append('%');
          default -> {
            return null;
          }
        }
      } else {
        b.append(c);
      }
    }
    String p = b.toString();
    return p.startsWith("/") ? p : Inputs.join(u.home(), p);
  }

  /** {@code [options] type base64 [comment]}: options may hold quoted commas and spaces. */
  static Optional<Map<String, Object>> parseLine(String line) {
    if (!Lines.printable(line)) {
      return Optional.empty();
    }
    String rest = line;
    List<String> options = new ArrayList<>();
    String firstWord = Lines.words(line).get(0);
    if (!SshKeys.isKeyType(firstWord)) {
      int i = 0;
      boolean q = false;
      StringBuilder cur = new StringBuilder();
      for (; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\\' && q && i + 1 < line.length()) {
          cur.append(c).append(line.charAt(++i));
          continue;
        }
        if (c == '"') {
          q = !q;
        }
        if (!q && (c == ',' || Character.isWhitespace(c))) {
          if (cur.length() > 0) {
            options.add(cur.toString());
            cur.setLength(0);
          }
          if (Character.isWhitespace(c)) {
            break;
          }
          continue;
        }
        cur.append(c);
      }
      if (q) {
        return Optional.empty();
      }
      rest = line.substring(Math.min(i, line.length())).strip();
    }
    List<String> w = Lines.words(rest);
    if (w.size() < 2 || !SshKeys.isKeyType(w.get(0))) {
      return Optional.empty();
    }
    Optional<Map<String, Object>> d = SshKeys.describe(w.get(0), w.get(1));
    if (d.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> k = new LinkedHashMap<>(d.get());
    k.put("options", options);
    k.put("comment", w.size() > 2 ? Lines.clip(String.join(" ", w.subList(2, w.size())), 200) : "");
    return Optional.of(k);
  }
}
