package dev.vigil.collectors.pam;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code host.pam}, {@code host.pwquality}, {@code host.faillock}: the PAM stacks of every service
 * with includes expanded, and the password quality and lockout settings.
 */
public final class PamCollector implements Collector {
  public static final String PAM = "host.pam";
  public static final String PWQUALITY = "host.pwquality";
  public static final String FAILLOCK = "host.faillock";
  static final String DIR = "/etc/pam.d";
  static final List<String> TYPES = List.of("auth", "account", "password", "session");
  private static final int MAX_DEPTH = 8;

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(
          "host.pam",
          "PAM stacks, password quality and lockout",
          Set.of(PAM, PWQUALITY, FAILLOCK),
          false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    return List.of(
        pam(in),
        keyValue(
            in.fork(), PWQUALITY, "/etc/security/pwquality.conf", "/etc/security/pwquality.conf.d"),
        keyValue(in.fork(), FAILLOCK, "/etc/security/faillock.conf", null));
  }

  private Fact pam(Inputs in) {
    Inputs.Listing l = in.list(DIR);
    if (l.missing()) {
      return Fact.absent(PAM, DIR + ": no such directory", in.provenance());
    }
    if (!l.ok()) {
      return Fact.error(PAM, l.reason(), in.provenance());
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<Map<String, Object>>> entries = new TreeMap<>();
    Map<String, String> paths = new TreeMap<>();
    for (String name : l.names()) {
      if (name.startsWith(".") || name.endsWith("~") || name.contains(".dpkg-")) {
        continue;
      }
      String path = Inputs.join(DIR, name);
      Inputs.Text t = in.read(path);
      if (!t.ok()) {
        // a subdirectory or unreadable file: say so unless it is simply not a file
        if (!t.reason().endsWith("is a directory")) {
          problems.add(t.reason());
        }
        continue;
      }
      paths.put(name, path);
      entries.put(name, parse(t, problems));
    }
    if (entries.isEmpty()) {
      return Fact.error(PAM, DIR + ": no readable service file", in.provenance());
    }
    Map<String, Object> services = new TreeMap<>();
    for (String name : entries.keySet()) {
      Map<String, Object> svc = new LinkedHashMap<>();
      svc.put("file", paths.get(name));
      svc.put("entries", entries.get(name));
      Map<String, Object> stack = new LinkedHashMap<>();
      for (String type : TYPES) {
        List<Map<String, Object>> out = new ArrayList<>();
        expand(name, type, entries, out, 0, problems);
        stack.put(type, out);
      }
      svc.put("stack", stack);
      services.put(name, svc);
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("services", services);
    v.put("files", in.files());
    v.put("problems", Inputs.cap(problems, 200));
    return Fact.ok(PAM, v, in.provenance());
  }

  static List<Map<String, Object>> parse(Inputs.Text t, List<String> problems) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      StringBuilder b = new StringBuilder(lines.get(i));
      while (b.length() > 0 && b.charAt(b.length() - 1) == '\\' && i + 1 < lines.size()) {
        b.setLength(b.length() - 1);
        b.append(' ').append(lines.get(++i));
      }
      String line = Lines.stripComment(b.toString());
      if (line.isEmpty()) {
        continue;
      }
      if (!Lines.printable(line)) {
        problems.add(Lines.problem(t.path(), lineNo, "unprintable characters, line ignored"));
        continue;
      }
      List<String> tok = tokens(line);
      Map<String, Object> e = new LinkedHashMap<>();
      if (tok.get(0).equals("@include")) {
        if (tok.size() != 2) {
          problems.add(Lines.problem(t.path(), lineNo, "expected '@include service'"));
          continue;
        }
        e.put("type", "@include");
        e.put("module", tok.get(1));
        e.put("line", lineNo);
        out.add(e);
        continue;
      }
      String type = tok.get(0);
      boolean optionalLoad = type.startsWith("-");
      type = Lines.lower(optionalLoad ? type.substring(1) : type);
      if (tok.size() < 3 || !TYPES.contains(type)) {
        problems.add(
            Lines.problem(
                t.path(),
                lineNo,
                "expected 'type control module [args]', got '" + Lines.clip(line, 60) + "'"));
        continue;
      }
      e.put("type", type);
      e.put("control", tok.get(1));
      String module = tok.get(2);
      e.put("module", module.substring(module.lastIndexOf('/') + 1));
      e.put("args", new ArrayList<>(tok.subList(3, tok.size())));
      if (optionalLoad) {
        e.put("optional_load", true);
      }
      e.put("line", lineNo);
      out.add(e);
    }
    return out;
  }

  /** Whitespace-separated, but {@code [a b c]} is one token (controls and arguments). */
  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && depth > 0) {
        depth--;
      }
      if (Character.isWhitespace(c) && depth == 0) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private static void expand(
      String service,
      String type,
      Map<String, List<Map<String, Object>>> entries,
      List<Map<String, Object>> out,
      int depth,
      List<String> problems) {
    if (depth > MAX_DEPTH || out.size() > 1000) {
      problems.add(DIR + "/" + service + ": includes nested deeper than " + MAX_DEPTH);
      return;
    }
    for (Map<String, Object> e : entries.getOrDefault(service, List.of())) {
      String t = (String) e.get("type");
      if (t.equals("@include")) {
        String target = (String) e.get("module");
        if (entries.containsKey(target)) {
          expand(target, type, entries, out, depth + 1, problems);
        }
        continue;
      }
      if (!t.equals(type)) {
        continue;
      }
      String control = (String) e.get("control");
      if (control.equals("include") || control.equals("substack")) {
        String target = (String) e.get("module");
        if (entries.containsKey(target)) {
          expand(target, type, entries, out, depth + 1, problems);
        }
        continue;
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("control", control);
      s.put("module", e.get("module"));
      s.put("args", e.get("args"));
      s.put("from", service);
      out.add(s);
    }
  }

  /** {@code key = value} files of libpwquality and pam_faillock; later files win. */
  private static Fact keyValue(Inputs in, String fact, String main, String dropIns) {
    List<String> paths = new ArrayList<>();
    paths.add(main);
    if (dropIns != null) {
      Inputs.Listing l = in.list(dropIns);
      for (String n : l.names()) {
        if (n.endsWith(".conf")) {
          paths.add(Inputs.join(dropIns, n));
        }
      }
    }
    Map<String, Object> settings = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    boolean any = false;
    Inputs.Text first = null;
    for (String p : paths) {
      Inputs.Text t = in.read(p);
      if (first == null) {
        first = t;
      }
      if (t.missing()) {
        continue;
      }
      if (!t.ok()) {
        if (p.equals(main)) {
          return Fact.error(fact, t.reason(), in.provenance());
        }
        problems.add(t.reason());
        continue;
      }
      any = true;
      List<String> lines = t.lines();
      for (int i = 0; i < lines.size(); i++) {
        String l = Lines.stripComment(lines.get(i));
        if (l.isEmpty()) {
          continue;
        }
        int eq = l.indexOf('=');
        String k = Lines.lower((eq > 0 ? l.substring(0, eq) : l).strip());
        if (!k.matches("[a-z_][a-z0-9_]*") || !Lines.printable(l)) {
          problems.add(Lines.problem(p, i + 1, "expected 'name = value' or 'name'"));
          continue;
        }
        settings.put(k, eq > 0 ? Lines.number(l.substring(eq + 1).strip()) : (Object) true);
      }
    }
    if (!any) {
      return Fact.absent(fact, main + ": no such file", in.provenance());
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("settings", settings);
    v.put("files", in.files());
    v.put("problems", Inputs.cap(problems, 200));
    return Fact.ok(fact, v, in.provenance());
  }
}
