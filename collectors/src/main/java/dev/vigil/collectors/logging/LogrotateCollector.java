package dev.vigil.collectors.logging;

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

/** {@code host.logrotate}: global and per-file rotation and retention of logrotate. */
public final class LogrotateCollector implements Collector {
  public static final String FACT = "host.logrotate";
  static final String MAIN = "/etc/logrotate.conf";
  private static final Set<String> FREQUENCIES =
      Set.of("hourly", "daily", "weekly", "monthly", "yearly");
  private static final Set<String> VALUED =
      Set.of(
          "rotate",
          "maxage",
          "minage",
          "size",
          "minsize",
          "maxsize",
          "start",
          "olddir",
          "su",
          "dateformat",
          "extension",
          "compresscmd",
          "compressext",
          "compressoptions",
          "uncompresscmd",
          "mail",
          "tabooext",
          "taboopat",
          "shredcycles");
  private static final Set<String> SCRIPTS =
      Set.of("postrotate", "prerotate", "firstaction", "lastaction", "preremove");
  private static final int MAX_FILES = 512;

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Log rotation", Set.of(FACT), false);

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
          Fact.absent(FACT, MAIN + ": no such file (logrotate not installed)", in.provenance()));
    }
    if (!main.ok()) {
      return List.of(Fact.error(FACT, main.reason(), in.provenance()));
    }
    Parser p = new Parser(in);
    p.file(main, 0);
    long min = Long.MAX_VALUE;
    if (p.global.get("rotate") instanceof Long r) {
      min = r;
    }
    for (Map<String, Object> e : p.entries) {
      @SuppressWarnings("unchecked")
      Map<String, Object> s = (Map<String, Object>) e.get("settings");
      if (s.get("rotate") instanceof Long r) {
        min = Math.min(min, r);
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("global", p.global);
    v.put("entries", p.entries);
    if (min != Long.MAX_VALUE) {
      v.put("min_rotate", min);
    }
    v.put("files", in.files());
    v.put("problems", Inputs.cap(p.problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  private static final class Parser {
    final Inputs in;
    final Map<String, Object> global = new TreeMap<>();
    final List<Map<String, Object>> entries = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final Set<String> seen = new LinkedHashSet<>();

    Parser(Inputs in) {
      this.in = in;
    }

    void file(Inputs.Text t, int depth) {
      seen.add(t.path());
      List<String> lines = t.lines();
      List<String> pendingPaths = new ArrayList<>();
      Map<String, Object> block = null;
      int blockLine = 0;
      boolean script = false;
      for (int i = 0; i < lines.size(); i++) {
        int lineNo = i + 1;
        String l = Lines.stripComment(lines.get(i));
        if (l.isEmpty()) {
          continue;
        }
        if (script) {
          if (l.equals("endscript")) {
            script = false;
          }
          continue;
        }
        if (!Lines.printable(l)) {
          problems.add(Lines.problem(t.path(), lineNo, "unprintable characters, line ignored"));
          continue;
        }
        if (block == null) {
          int brace = l.indexOf('{');
          if (brace >= 0 || (!l.isEmpty() && (l.startsWith("/") || l.startsWith("\"")))) {
            String before = brace >= 0 ? l.substring(0, brace) : l;
            for (String w : Lines.words(before)) {
              pendingPaths.add(w.replace("\"", ""));
            }
            if (brace >= 0) {
              if (pendingPaths.isEmpty()) {
                problems.add(Lines.problem(t.path(), lineNo, "'{' without a log file path"));
              }
              block = new TreeMap<>(global);
              blockLine = lineNo;
              String after = l.substring(brace + 1).strip();
              if (!after.isEmpty() && !after.equals("}")) {
                directive(t.path(), lineNo, after, block, depth);
              }
              if (after.endsWith("}")) {
                close(t.path(), blockLine, pendingPaths, block);
                block = null;
                pendingPaths = new ArrayList<>();
              }
            }
            continue;
          }
          if (!pendingPaths.isEmpty()) {
            problems.add(Lines.problem(t.path(), lineNo, "log file paths without a '{' block"));
            pendingPaths.clear();
          }
          directive(t.path(), lineNo, l, global, depth);
          continue;
        }
        if (l.equals("}")) {
          close(t.path(), blockLine, pendingPaths, block);
          block = null;
          pendingPaths = new ArrayList<>();
          continue;
        }
        String first = Lines.words(l).get(0);
        if (SCRIPTS.contains(first)) {
          script = true;
          continue;
        }
        directive(t.path(), lineNo, l, block, depth);
      }
      if (block != null) {
        problems.add(Lines.problem(t.path(), blockLine, "block not closed with '}'"));
      }
    }

    void close(String file, int line, List<String> paths, Map<String, Object> block) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("file", file);
      e.put("line", line);
      e.put("paths", new ArrayList<>(paths));
      e.put("settings", block);
      if (entries.size() < 2000) {
        entries.add(e);
      }
    }

    void directive(String file, int lineNo, String l, Map<String, Object> into, int depth) {
      List<String> w = Lines.words(l);
      String k = Lines.lower(w.get(0));
      String arg = w.size() > 1 ? String.join(" ", w.subList(1, w.size())) : "";
      if (k.equals("include")) {
        if (into != global) {
          problems.add(Lines.problem(file, lineNo, "include inside a block is ignored"));
          return;
        }
        include(file, lineNo, arg, depth);
        return;
      }
      if (FREQUENCIES.contains(k)) {
        into.put("frequency", k);
        return;
      }
      if (VALUED.contains(k)) {
        if (arg.isEmpty()) {
          problems.add(Lines.problem(file, lineNo, "'" + k + "' needs a value"));
          return;
        }
        into.put(k, Lines.number(arg));
        return;
      }
      if (!k.matches("[a-z]+")) {
        problems.add(
            Lines.problem(file, lineNo, "unknown directive '" + Lines.clip(w.get(0), 40) + "'"));
        return;
      }
      if (k.startsWith("no")
          && k.length() > 2
          && !k.equals("notifempty")
          && !k.equals("nosharedscripts")) {
        into.put(k.substring(2), false);
        return;
      }
      if (k.equals("notifempty")) {
        into.put("ifempty", false);
        return;
      }
      into.put(k, arg.isEmpty() ? (Object) true : arg);
    }

    void include(String from, int lineNo, String arg, int depth) {
      if (depth >= 8) {
        problems.add(Lines.problem(from, lineNo, "include nested deeper than 8"));
        return;
      }
      Inputs.Listing l = in.list(arg);
      List<String> paths = new ArrayList<>();
      if (l.ok()) {
        for (String n : l.names()) {
          if (!n.startsWith(".")
              && !n.endsWith("~")
              && !n.contains(".dpkg-")
              && !n.endsWith(".disabled")) {
            paths.add(Inputs.join(arg, n));
          }
        }
      } else {
        paths.add(arg);
      }
      for (String p : paths) {
        if (seen.contains(p) || seen.size() >= MAX_FILES) {
          continue;
        }
        Inputs.Text t = in.read(p);
        if (!t.ok()) {
          if (!t.reason().endsWith("is a directory")) {
            problems.add(Lines.problem(from, lineNo, "include " + t.reason()));
          }
          continue;
        }
        file(t, depth + 1);
      }
    }
  }
}
