package dev.vigil.collectors.logging;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Glob;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code host.rsyslog}: whether rsyslog is configured, forwards remotely, and its file mode. */
public final class RsyslogCollector implements Collector {
  public static final String FACT = "host.rsyslog";
  static final String MAIN = "/etc/rsyslog.conf";
  private static final Pattern INCLUDE =
      Pattern.compile("^(?:\\$IncludeConfig\\s+(\\S+)|include\\(\\s*file\\s*=\\s*\"([^\"]+)\".*)$");
  private static final Pattern FORWARD =
      Pattern.compile("(^|\\s)@@?[\\[\\w]|type\\s*=\\s*\"omfwd\"|omrelp");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "rsyslog", Set.of(FACT), false);

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
          Fact.absent(FACT, MAIN + ": no such file (rsyslog not installed)", in.provenance()));
    }
    if (!main.ok()) {
      return List.of(Fact.error(FACT, main.reason(), in.provenance()));
    }
    List<String> problems = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    List<Inputs.Text> queue = new ArrayList<>(List.of(main));
    boolean forwarding = false;
    String mode = null;
    while (!queue.isEmpty() && done.size() < 256) {
      Inputs.Text t = queue.remove(0);
      if (!done.add(t.path())) {
        continue;
      }
      List<String> lines = t.lines();
      for (int i = 0; i < lines.size(); i++) {
        String l = Lines.stripComment(lines.get(i));
        if (l.isEmpty()) {
          continue;
        }
        if (!Lines.printable(l)) {
          problems.add(Lines.problem(t.path(), i + 1, "unprintable characters, line ignored"));
          continue;
        }
        Matcher inc = INCLUDE.matcher(l);
        if (inc.matches()) {
          String pattern = inc.group(1) != null ? inc.group(1) : inc.group(2);
          List<String> paths = Glob.hasMagic(pattern) ? Glob.expand(in, pattern) : List.of(pattern);
          for (String p : paths) {
            Inputs.Text it = in.read(p);
            if (it.ok()) {
              queue.add(it);
            } else if (!it.missing() || !Glob.hasMagic(pattern)) {
              problems.add(Lines.problem(t.path(), i + 1, "include " + it.reason()));
            }
          }
          continue;
        }
        if (l.startsWith("$FileCreateMode")) {
          List<String> w = Lines.words(l);
          if (w.size() > 1 && w.get(1).matches("0?[0-7]{3,4}")) {
            mode = w.get(1).length() == 3 ? "0" + w.get(1) : w.get(1);
          } else {
            problems.add(Lines.problem(t.path(), i + 1, "expected '$FileCreateMode 0640'"));
          }
          continue;
        }
        if (!l.startsWith("$") && FORWARD.matcher(l).find()) {
          forwarding = true;
        }
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("installed", true);
    v.put("files", in.files());
    v.put("remote_forwarding", forwarding);
    if (mode != null) {
      v.put("file_create_mode", mode);
    }
    v.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }
}
