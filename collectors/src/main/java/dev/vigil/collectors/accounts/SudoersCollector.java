package dev.vigil.collectors.accounts;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code accounts.sudoers}: who may run what through sudo, with NOPASSWD and includes. */
public final class SudoersCollector implements Collector {
  public static final String FACT = "accounts.sudoers";
  static final String MAIN = "/etc/sudoers";
  private static final int MAX_DEPTH = 8;
  private static final int MAX_FILES = 256;
  private static final Set<String> ALIAS_KINDS =
      Set.of("User_Alias", "Runas_Alias", "Host_Alias", "Cmnd_Alias", "Cmd_Alias");
  private static final Pattern INCLUDE = Pattern.compile("^[#@](include|includedir)\\s+(.+)$");
  private static final Pattern DEFAULTS = Pattern.compile("^Defaults([@:!>][^\\s]+)?\\s+(.+)$");
  private static final Pattern TAG = Pattern.compile("^([A-Z_]+):\\s*");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "sudo rights", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Text main = in.read(MAIN);
    if (main.missing()) {
      return List.of(
          Fact.absent(FACT, MAIN + ": no such file (sudo not installed)", in.provenance()));
    }
    if (!main.ok()) {
      return List.of(Fact.error(FACT, main.reason(), in.provenance()));
    }
    Parser p = new Parser(in);
    p.file(main, 0);
    p.resolve();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("rules", p.rules);
    v.put("defaults", p.defaults);
    v.put("global_defaults", p.globalDefaults);
    Map<String, Object> aliases = new TreeMap<>();
    p.aliases.forEach((k, m) -> aliases.put(k, new TreeMap<>(m)));
    v.put("aliases", aliases);
    v.put("includes", p.includes);
    v.put("files", in.files());
    v.put("problems", Inputs.cap(p.problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  private static final class Parser {
    final Inputs in;
    final List<Map<String, Object>> rules = new ArrayList<>();
    final List<Map<String, Object>> defaults = new ArrayList<>();
    final Map<String, Object> globalDefaults = new TreeMap<>();
    final Map<String, Map<String, List<String>>> aliases = new TreeMap<>();
    final List<Map<String, Object>> includes = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final Set<String> seen = new LinkedHashSet<>();

    Parser(Inputs in) {
      this.in = in;
    }

    void file(Inputs.Text t, int depth) {
      seen.add(t.path());
      List<String> raw = t.lines();
      for (int i = 0; i < raw.size(); i++) {
        int lineNo = i + 1;
        StringBuilder b = new StringBuilder(raw.get(i));
        while (b.length() > 0 && b.charAt(b.length() - 1) == '\\' && i + 1 < raw.size()) {
          b.setLength(b.length() - 1);
          b.append(' ').append(raw.get(++i));
        }
        String line = b.toString().strip();
        if (line.isEmpty()) {
          continue;
        }
        if (!Lines.printable(line)) {
          problems.add(Lines.problem(t.path(), lineNo, "unprintable characters, line ignored"));
          continue;
        }
        Matcher inc = INCLUDE.matcher(line);
        if (inc.matches()) {
          include(t.path(), lineNo, inc.group(1), inc.group(2).strip(), depth);
          continue;
        }
        if (line.startsWith("#")) {
          continue;
        }
        int hash = line.indexOf(" #");
        if (hash > 0) {
          line = line.substring(0, hash).strip();
        }
        if (line.startsWith("Defaults")) {
          defaults(t.path(), lineNo, line);
        } else if (ALIAS_KINDS.contains(line.split("\\s+", 2)[0])) {
          alias(t.path(), lineNo, line);
        } else {
          spec(t.path(), lineNo, line);
        }
      }
    }

    void include(String from, int lineNo, String kind, String arg, int depth) {
      String path = arg.replace("\"", "");
      if (!path.startsWith("/")) {
        path = from.substring(0, from.lastIndexOf('/') + 1) + path;
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("directive", "@" + kind);
      d.put("path", path);
      d.put("file", from);
      d.put("line", lineNo);
      includes.add(d);
      if (depth + 1 > MAX_DEPTH) {
        problems.add(Lines.problem(from, lineNo, "include nested deeper than " + MAX_DEPTH));
        return;
      }
      List<String> paths = new ArrayList<>();
      if (kind.equals("includedir")) {
        Inputs.Listing l = in.list(path);
        if (!l.ok()) {
          if (!l.missing()) {
            problems.add(Lines.problem(from, lineNo, l.reason()));
          }
          return;
        }
        for (String n : l.names()) {
          if (!n.contains(".") && !n.endsWith("~")) {
            paths.add(Inputs.join(path, n));
          }
        }
      } else {
        paths.add(path);
      }
      for (String p : paths) {
        if (seen.size() >= MAX_FILES || seen.contains(p)) {
          problems.add(
              Lines.problem(from, lineNo, "include of " + p + " skipped (loop or too many files)"));
          continue;
        }
        Inputs.Text t = in.read(p);
        if (!t.ok()) {
          problems.add(Lines.problem(from, lineNo, "include " + t.reason()));
          continue;
        }
        file(t, depth + 1);
      }
    }

    void defaults(String file, int lineNo, String line) {
      Matcher m = DEFAULTS.matcher(line);
      if (!m.matches()) {
        problems.add(Lines.problem(file, lineNo, "expected 'Defaults[binding] setting, ...'"));
        return;
      }
      String binding = m.group(1) == null ? "" : m.group(1);
      for (String setting : splitTop(m.group(2), ',')) {
        String s = setting.strip();
        if (s.isEmpty()) {
          continue;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("binding", binding);
        d.put("setting", s);
        d.put("file", file);
        d.put("line", lineNo);
        defaults.add(d);
        if (binding.isEmpty()) {
          int eq = s.indexOf('=');
          if (s.startsWith("!")) {
            globalDefaults.put(s.substring(1).strip(), false);
          } else if (eq > 0) {
            String k = s.substring(0, eq).replace("+", "").replace("-", "").strip();
            String val = s.substring(eq + 1).strip().replace("\"", "");
            globalDefaults.put(k, Lines.number(val));
          } else {
            globalDefaults.put(s, true);
          }
        }
      }
    }

    void alias(String file, int lineNo, String line) {
      String[] kv = line.split("\\s+", 2);
      String kind = kv[0].equals("Cmd_Alias") ? "Cmnd_Alias" : kv[0];
      if (kv.length < 2) {
        problems.add(Lines.problem(file, lineNo, "expected '" + kind + " NAME = item, ...'"));
        return;
      }
      for (String def : splitTop(kv[1], ':')) {
        int eq = def.indexOf('=');
        String name = eq > 0 ? def.substring(0, eq).strip() : "";
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
          problems.add(Lines.problem(file, lineNo, "expected '" + kind + " NAME = item, ...'"));
          continue;
        }
        aliases.computeIfAbsent(kind, k -> new TreeMap<>()).put(name, items(def.substring(eq + 1)));
      }
    }

    void spec(String file, int lineNo, String line) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        problems.add(
            Lines.problem(
                file,
                lineNo,
                "expected 'users hosts = (runas) commands', got '" + Lines.clip(line, 60) + "'"));
        return;
      }
      String left = line.substring(0, eq).replaceAll("\\s*,\\s*", ",").strip();
      String[] uh = left.split("\\s+");
      if (uh.length != 2) {
        problems.add(
            Lines.problem(
                file,
                lineNo,
                "expected 'users hosts = (runas) commands', got '" + Lines.clip(line, 60) + "'"));
        return;
      }
      String right = line.substring(eq + 1).strip();
      String runas = "root";
      if (right.startsWith("(")) {
        int close = right.indexOf(')');
        if (close < 0) {
          problems.add(Lines.problem(file, lineNo, "unbalanced '(' in the runas list"));
          return;
        }
        runas = right.substring(1, close).replaceAll("\\s+", "");
        right = right.substring(close + 1).strip();
      }
      Set<String> tags = new LinkedHashSet<>();
      List<String> commands = new ArrayList<>();
      boolean nopasswd = false;
      boolean current = false;
      for (String cmd : splitTop(right, ',')) {
        String c = cmd.strip();
        Matcher t;
        while ((t = TAG.matcher(c)).find()) {
          String tag = t.group(1);
          if (tag.equals("NOPASSWD")) {
            current = true;
          } else if (tag.equals("PASSWD")) {
            current = false;
          }
          tags.add(tag);
          c = c.substring(t.end());
        }
        if (c.isEmpty()) {
          continue;
        }
        commands.add(c);
        nopasswd |= current;
      }
      if (commands.isEmpty()) {
        problems.add(Lines.problem(file, lineNo, "no command in the rule"));
        return;
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("users", items(uh[0]));
      r.put("hosts", items(uh[1]));
      r.put("runas", runas);
      r.put("commands", commands);
      r.put("tags", new ArrayList<>(tags));
      r.put("nopasswd", nopasswd);
      r.put("file", file);
      r.put("line", lineNo);
      rules.add(r);
    }

    /** Expands aliases in rules now that every file has been read. */
    void resolve() {
      Map<String, List<String>> users = aliases.getOrDefault("User_Alias", Map.of());
      Map<String, List<String>> cmnds = aliases.getOrDefault("Cmnd_Alias", Map.of());
      Set<String> noAuthBindings = new LinkedHashSet<>();
      boolean globalNoAuth = Boolean.FALSE.equals(globalDefaults.get("authenticate"));
      for (Map<String, Object> d : defaults) {
        String b = (String) d.get("binding");
        if (d.get("setting").equals("!authenticate") && b.startsWith(":")) {
          noAuthBindings.addAll(expand(items(b.substring(1)), users, 0));
        }
      }
      for (int i = 0; i < rules.size(); i++) {
        Map<String, Object> r = new LinkedHashMap<>(rules.get(i));
        @SuppressWarnings("unchecked")
        List<String> us = expand((List<String>) r.get("users"), users, 0);
        @SuppressWarnings("unchecked")
        List<String> cs = expand((List<String>) r.get("commands"), cmnds, 0);
        r.put("users", us);
        r.put("commands", cs);
        boolean all = cs.stream().anyMatch(c -> c.equals("ALL"));
        boolean noAuth = globalNoAuth || us.stream().anyMatch(noAuthBindings::contains);
        r.put("nopasswd", (Boolean) r.get("nopasswd") || noAuth);
        r.put("noauthenticate", noAuth);
        r.put("all_commands", all);
        rules.set(i, r);
      }
    }

    private List<String> expand(List<String> items, Map<String, List<String>> alias, int depth) {
      List<String> out = new ArrayList<>();
      for (String s : items) {
        if (depth < 8 && alias.containsKey(s)) {
          out.addAll(expand(alias.get(s), alias, depth + 1));
        } else {
          out.add(s);
        }
      }
      return out;
    }

    private static List<String> items(String s) {
      List<String> out = new ArrayList<>();
      for (String x : splitTop(s, ',')) {
        if (!x.isBlank()) {
          out.add(x.strip());
        }
      }
      return out;
    }

    /** Splits on a separator outside quotes and backslash escapes. */
    private static List<String> splitTop(String s, char sep) {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean q = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          cur.append(c).append(s.charAt(++i));
          continue;
        }
        if (c == '"') {
          q = !q;
        }
        if (c == sep && !q) {
          out.add(cur.toString());
          cur.setLength(0);
        } else {
          cur.append(c);
        }
      }
      out.add(cur.toString());
      return out;
    }
  }
}
