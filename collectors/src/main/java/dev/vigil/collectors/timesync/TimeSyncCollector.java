package dev.vigil.collectors.timesync;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.collectors.services.SystemdUnits;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code host.time_sync}: which of chrony, ntpd and systemd-timesyncd is configured and enabled.
 */
public final class TimeSyncCollector implements Collector {
  public static final String FACT = "host.time_sync";

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Time synchronisation", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    if (!in.hasEtc()) {
      return List.of(Fact.error(FACT, Inputs.NO_ETC, in.provenance()));
    }
    List<String> problems = new ArrayList<>();
    Set<String> enabled = SystemdUnits.enabled(in);
    Map<String, Object> chrony =
        daemon(
            in,
            List.of("/etc/chrony/chrony.conf", "/etc/chrony.conf"),
            List.of("/etc/chrony/conf.d", "/etc/chrony/sources.d"),
            List.of("server", "pool", "peer"),
            enabled,
            List.of("chrony.service", "chronyd.service"),
            problems);
    Map<String, Object> ntp =
        daemon(
            in,
            List.of("/etc/ntp.conf", "/etc/ntpsec/ntp.conf"),
            List.of(),
            List.of("server", "pool", "peer"),
            enabled,
            List.of("ntp.service", "ntpd.service", "ntpsec.service"),
            problems);
    Map<String, Object> timesyncd =
        daemon(
            in,
            List.of("/etc/systemd/timesyncd.conf"),
            List.of("/etc/systemd/timesyncd.conf.d"),
            List.of("NTP=", "FallbackNTP="),
            enabled,
            List.of("systemd-timesyncd.service"),
            problems);
    // timesyncd has compiled-in servers: installed means configured
    if (!(Boolean) timesyncd.get("configured")
        && (in.exists("/lib/systemd/systemd-timesyncd")
            || in.exists("/usr/lib/systemd/systemd-timesyncd"))) {
      timesyncd.put("configured", true);
    }
    if (transport.live() && !in.exists("/run/systemd/system")) {
      problems.add("systemd is not running (no /run/systemd/system): active state unknown");
    } else if (transport.live()) {
      for (Map.Entry<String, Map<String, Object>> e :
          Map.of("chrony", chrony, "ntp", ntp, "timesyncd", timesyncd).entrySet()) {
        e.getValue().put("active", false);
      }
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
        String out = c.stdout();
        chrony.put("active", out.contains("chrony.service") || out.contains("chronyd.service"));
        ntp.put(
            "active",
            out.contains("ntp.service")
                || out.contains("ntpd.service")
                || out.contains("ntpsec.service"));
        timesyncd.put("active", out.contains("systemd-timesyncd.service"));
      } else {
        problems.add(c.error() + " (active state unknown)");
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("chrony", chrony);
    v.put("ntp", ntp);
    v.put("timesyncd", timesyncd);
    v.put(
        "any_configured",
        (Boolean) chrony.get("configured")
            || (Boolean) ntp.get("configured")
            || (Boolean) timesyncd.get("configured"));
    v.put(
        "any_enabled",
        (Boolean) chrony.get("enabled")
            || (Boolean) ntp.get("enabled")
            || (Boolean) timesyncd.get("enabled"));
    v.put("problems", problems);
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  private static Map<String, Object> daemon(
      Inputs in,
      List<String> files,
      List<String> dirs,
      List<String> keywords,
      Set<String> enabled,
      List<String> units,
      List<String> problems) {
    List<String> paths = new ArrayList<>(files);
    for (String d : dirs) {
      for (String n : in.list(d).names()) {
        if (n.endsWith(".conf") || n.endsWith(".sources")) {
          paths.add(Inputs.join(d, n));
        }
      }
    }
    List<String> servers = new ArrayList<>();
    for (String p : paths) {
      Inputs.Text t = in.read(p);
      if (t.missing()) {
        continue;
      }
      if (!t.ok()) {
        problems.add(t.reason());
        continue;
      }
      for (String line : t.lines()) {
        String l = Lines.stripComment(line);
        if (!Lines.printable(l)) {
          continue;
        }
        for (String k : keywords) {
          boolean match =
              k.endsWith("=")
                  ? l.startsWith(k) && l.length() > k.length()
                  : l.startsWith(k + " ") || l.startsWith(k + "\t");
          if (match && servers.size() < 100) {
            servers.add(String.join(" ", Lines.words(l)));
          }
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("configured", !servers.isEmpty());
    m.put("enabled", units.stream().anyMatch(enabled::contains));
    m.put("servers", servers);
    return m;
  }
}
