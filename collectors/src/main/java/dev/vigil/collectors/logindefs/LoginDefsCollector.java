package dev.vigil.collectors.logindefs;

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

/** {@code host.login_defs}: the shadow suite's settings from {@code /etc/login.defs}. */
public final class LoginDefsCollector implements Collector {
  public static final String FACT = "host.login_defs";
  public static final String PATH = "/etc/login.defs";

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Login and password defaults", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Text t = in.read(PATH);
    if (t.missing()) {
      return List.of(Fact.absent(FACT, t.reason(), in.provenance()));
    }
    if (!t.ok()) {
      return List.of(Fact.error(FACT, t.reason(), in.provenance()));
    }
    Parsed p = parse(t);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("settings", p.settings());
    value.put("problems", Inputs.cap(p.problems(), 200));
    return List.of(Fact.ok(FACT, value, in.provenance()));
  }

  /** The settings (last assignment wins, as shadow's getdef does) and the bad lines. */
  public record Parsed(Map<String, Object> settings, List<String> problems) {}

  public static Parsed parse(Inputs.Text t) {
    Map<String, Object> settings = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    List<String> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      String line = Lines.stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      String[] kv = line.split("\\s+", 2);
      if (kv.length < 2 || !kv[0].matches("[A-Z][A-Z0-9_]*") || !Lines.printable(line)) {
        problems.add(
            Lines.problem(
                t.path(), i + 1, "expected 'NAME VALUE', got '" + Lines.clip(line, 60) + "'"));
        continue;
      }
      String v = kv[1].strip();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      if (!kv[0].equals("UMASK") && v.matches("[0-9]{1,18}")) {
        settings.put(kv[0], Long.parseLong(v));
      } else {
        settings.put(kv[0], v);
      }
    }
    return new Parsed(settings, problems);
  }
}
