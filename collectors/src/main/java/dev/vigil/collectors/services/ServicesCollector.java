package dev.vigil.collectors.services;

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
import java.util.TreeSet;

/** {@code host.services}: systemd units enabled (offline, from links) and active (live). */
public final class ServicesCollector implements Collector {
  public static final String FACT = "host.services";

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "System services", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Listing etc = in.list(SystemdUnits.ETC);
    boolean systemd = etc.ok() || in.exists("/lib/systemd") || in.exists("/usr/lib/systemd");
    if (!systemd) {
      return List.of(
          Fact.absent(
              FACT,
              SystemdUnits.ETC + ": no such directory (not a systemd host)",
              in.provenance()));
    }
    List<String> problems = new ArrayList<>();
    if (!etc.ok() && !etc.missing()) {
      return List.of(Fact.error(FACT, etc.reason(), in.provenance()));
    }
    Map<String, Set<String>> by = SystemdUnits.enabledBy(in);
    Set<String> enabled = new TreeSet<>();
    by.values().forEach(enabled::addAll);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("init", "systemd");
    v.put("enabled", new ArrayList<>(enabled));
    Map<String, Object> byOut = new TreeMap<>();
    by.forEach((k, s) -> byOut.put(k, new ArrayList<>(s)));
    v.put("enabled_by", byOut);
    v.put("masked", SystemdUnits.masked(in));
    if (transport.live() && !in.exists("/run/systemd/system")) {
      problems.add("systemd is not running (no /run/systemd/system): active services unknown");
    } else if (transport.live()) {
      Inputs.Command c =
          in.run(
              List.of(
                  "systemctl",
                  "list-units",
                  "--type=service",
                  "--state=active",
                  "--no-legend",
                  "--plain",
                  "--no-pager"),
              1 << 20);
      if (c.succeeded()) {
        List<String> active = new ArrayList<>();
        for (String l : Lines.split(c.stdout())) {
          List<String> w = Lines.words(l);
          if (!w.isEmpty() && w.get(0).contains(".")) {
            active.add(w.get(0));
          }
        }
        v.put("active", active);
      } else {
        problems.add(c.error() + " (active services unknown)");
      }
    }
    v.put("problems", problems);
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }
}
