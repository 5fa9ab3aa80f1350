package dev.vigil.collectors.sysctl;

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

/** {@code host.sysctl}: kernel parameters as configured (systemd-sysctl precedence) and running. */
public final class SysctlCollector implements Collector {
  public static final String FACT = "host.sysctl";

  /** systemd-sysctl's directories, highest precedence first. */
  static final List<String> DIRS =
      List.of(
          "/etc/sysctl.d",
          "/run/sysctl.d",
          "/usr/local/lib/sysctl.d",
          "/usr/lib/sysctl.d",
          "/lib/sysctl.d");

  static final List<String> CHECKED =
      List.of(
          "kernel.randomize_va_space",
          "kernel.kptr_restrict",
          "kernel.dmesg_restrict",
          "kernel.yama.ptrace_scope",
          "kernel.unprivileged_bpf_disabled",
          "kernel.sysrq",
          "fs.suid_dumpable",
          "fs.protected_hardlinks",
          "fs.protected_symlinks",
          "fs.protected_fifos",
          "fs.protected_regular",
          "net.ipv4.ip_forward",
          "net.ipv4.conf.all.accept_redirects",
          "net.ipv4.conf.default.accept_redirects",
          "net.ipv4.conf.all.send_redirects",
          "net.ipv4.conf.default.send_redirects",
          "net.ipv4.conf.all.accept_source_route",
          "net.ipv4.conf.all.rp_filter",
          "net.ipv4.conf.all.log_martians",
          "net.ipv4.icmp_echo_ignore_broadcasts",
          "net.ipv4.tcp_syncookies",
          "net.ipv6.conf.all.accept_ra",
          "net.ipv6.conf.all.accept_redirects",
          "net.ipv6.conf.all.forwarding");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Kernel parameters", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    List<String> problems = new ArrayList<>();
    // a file name in a higher-precedence directory masks the same name in the lower ones
    Map<String, String> byName = new TreeMap<>();
    for (String dir : DIRS) {
      Inputs.Listing l = in.list(dir);
      if (!l.ok()) {
        if (!l.missing()) {
          problems.add(l.reason());
        }
        continue;
      }
      for (String n : l.names()) {
        if (n.endsWith(".conf")) {
          byName.putIfAbsent(n, Inputs.join(dir, n));
        }
      }
    }
    List<String> order = new ArrayList<>(byName.values());
    order.add("/etc/sysctl.conf");
    Map<String, Object> configured = new TreeMap<>();
    Map<String, Object> sources = new TreeMap<>();
    boolean anyFile = false;
    for (String path : order) {
      Inputs.Text t = in.read(path);
      if (t.missing()) {
        continue;
      }
      anyFile = true;
      if (!t.ok()) {
        problems.add(t.reason());
        continue;
      }
      List<String> lines = t.lines();
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i).strip();
        if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
          continue;
        }
        int eq = l.indexOf('=');
        String key = eq > 0 ? l.substring(0, eq).strip() : "";
        if (key.startsWith("-")) {
          key = key.substring(1);
        }
        if (key.isEmpty() || !key.matches("[A-Za-z0-9_./*-]+") || !Lines.printable(l)) {
          problems.add(Lines.problem(path, i + 1, "expected 'key = value'"));
          continue;
        }
        if (key.indexOf('/') >= 0) {
          key = key.replace('.', '\u0000').replace('/', '.').replace('\u0000', '/');
        }
        configured.put(key, value(l.substring(eq + 1)));
        sources.put(key, path + ":" + (i + 1));
      }
    }
    if (!anyFile && !transport.live()) {
      return List.of(
          Fact.absent(
              FACT,
              "no sysctl configuration file (" + String.join(", ", DIRS) + ", /etc/sysctl.conf)",
              in.provenance()));
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("configured", configured);
    v.put("sources", sources);
    Map<String, Object> effective = new TreeMap<>(configured);
    if (transport.live()) {
      Map<String, Object> running = new TreeMap<>();
      Set<String> keys = new LinkedHashSet<>(CHECKED);
      keys.addAll(configured.keySet());
      for (String k : keys) {
        if (k.contains("*") || k.contains("..")) {
          continue;
        }
        Inputs.Text t = in.read("/proc/sys/" + k.replace('.', '/'), 64 * 1024, false);
        if (t.ok()) {
          running.put(k, value(t.text()));
        }
      }
      v.put("running", running);
      effective.putAll(running);
    }
    v.put("effective", effective);
    v.put("files", in.files());
    v.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  static Object value(String raw) {
    String s = String.join(" ", Lines.words(raw));
    return Lines.number(s);
  }
}
