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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code host.journald}: the systemd journal's storage and retention. */
public final class JournaldCollector implements Collector {
  public static final String FACT = "host.journald";

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "systemd journal", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    List<String> paths = new ArrayList<>();
    paths.add("/usr/lib/systemd/journald.conf");
    paths.add("/etc/systemd/journald.conf");
    for (String dir :
        List.of(
            "/usr/lib/systemd/journald.conf.d",
            "/run/systemd/journald.conf.d",
            "/etc/systemd/journald.conf.d")) {
      for (String n : in.list(dir).names()) {
        if (n.endsWith(".conf")) {
          paths.add(Inputs.join(dir, n));
        }
      }
    }
    // drop-ins are applied in file-name order across directories
    List<String> mains = paths.subList(0, 2);
    List<String> drops = new ArrayList<>(paths.subList(2, paths.size()));
    drops.sort(
        (a, b) -> a.substring(a.lastIndexOf('/')).compareTo(b.substring(b.lastIndexOf('/'))));
    Map<String, Object> settings = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    boolean any = false;
    List<String> order = new ArrayList<>(mains);
    order.addAll(drops);
    for (String p : order) {
      Inputs.Text t = in.read(p);
      if (t.missing()) {
        continue;
      }
      if (!t.ok()) {
        if (p.equals("/etc/systemd/journald.conf")) {
          return List.of(Fact.error(FACT, t.reason(), in.provenance()));
        }
        problems.add(t.reason());
        continue;
      }
      any = true;
      String section = "";
      List<String> lines = t.lines();
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i).strip();
        if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
          continue;
        }
        if (l.startsWith("[") && l.endsWith("]")) {
          section = l.substring(1, l.length() - 1);
          continue;
        }
        int eq = l.indexOf('=');
        if (eq <= 0 || !Lines.printable(l) || !l.substring(0, eq).strip().matches("[A-Za-z0-9]+")) {
          problems.add(Lines.problem(p, i + 1, "expected 'Key=value'"));
          continue;
        }
        if (!section.equals("Journal")) {
          continue;
        }
        settings.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
      }
    }
    if (!any) {
      return List.of(
          Fact.absent(FACT, "/etc/systemd/journald.conf: no such file", in.provenance()));
    }
    String storage = Lines.lower(String.valueOf(settings.getOrDefault("Storage", "auto")));
    boolean persistent =
        storage.equals("persistent") || storage.equals("auto") && in.exists("/var/log/journal");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("settings", settings);
    v.put("storage", storage);
    v.put("persistent", persistent);
    v.put("files", in.files());
    v.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }
}
