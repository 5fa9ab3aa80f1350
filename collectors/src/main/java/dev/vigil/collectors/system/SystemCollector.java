package dev.vigil.collectors.system;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code host.system}: what the machine is: OS, host name, machine id, container, kernel. */
public final class SystemCollector implements Collector {
  public static final String FACT = "host.system";

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Operating system identity", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    List<String> problems = new ArrayList<>();
    Inputs.Text os = in.read("/etc/os-release", 64 * 1024, false);
    if (!os.ok()) {
      Inputs.Text alt = in.read("/usr/lib/os-release", 64 * 1024, false);
      if (!alt.ok()) {
        return List.of(Fact.error(FACT, os.reason() + "; " + alt.reason(), in.provenance()));
      }
      if (!os.missing()) {
        problems.add(os.reason());
      }
      os = alt;
    }
    Map<String, String> kv = osRelease(os, problems);
    if (!kv.containsKey("ID") && !kv.containsKey("NAME")) {
      String why = os.path() + ": no ID or NAME (not an os-release file)";
      if (!problems.isEmpty() && !problems.get(0).startsWith(os.path())) {
        why = problems.get(0) + "; " + why;
      }
      return List.of(Fact.error(FACT, why, in.provenance()));
    }
    Map<String, Object> osv = new LinkedHashMap<>();
    String id = Lines.lower(kv.getOrDefault("ID", "linux"));
    osv.put("id", id);
    putIf(osv, "version_id", kv.get("VERSION_ID"));
    putIf(osv, "name", kv.get("NAME"));
    putIf(osv, "pretty_name", kv.get("PRETTY_NAME"));
    List<String> like = Lines.words(Lines.lower(kv.getOrDefault("ID_LIKE", "")));
    osv.put("id_like", like);
    osv.put("family", family(id, like));

    Map<String, Object> v = new LinkedHashMap<>();
    v.put("os", osv);
    String hostname = null;
    if (transport.live()) {
      hostname = firstLine(in, "/proc/sys/kernel/hostname");
    }
    if (hostname == null) {
      hostname = firstLine(in, "/etc/hostname");
    }
    putIf(v, "hostname", hostname);
    String mid = firstLine(in, "/etc/machine-id");
    if (mid != null) {
      if (mid.matches("[0-9a-f]{32}")) {
        v.put("machine_id", mid);
      } else {
        problems.add("/etc/machine-id: expected 32 lower-case hex digits");
      }
    }
    String container = container(in);
    v.put("container", container != null);
    putIf(v, "container_hint", container);
    String arch = transport.live() ? liveArch(in) : null;
    if (arch == null) {
      arch = elfArch(in);
    }
    putIf(v, "architecture", arch);
    if (transport.live()) {
      putIf(v, "kernel_release", firstLine(in, "/proc/sys/kernel/osrelease"));
      String up = firstLine(in, "/proc/uptime");
      if (up != null && up.matches("[0-9]+(\\.[0-9]+)?\\s.*")) {
        v.put(
            "uptime_seconds",
            Long.parseLong(
                up.substring(0, up.indexOf('.') > 0 ? up.indexOf('.') : up.indexOf(' '))));
      }
    }
    v.put("live", transport.live());
    v.put("problems", problems);
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  private static void putIf(Map<String, Object> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v);
    }
  }

  static Map<String, String> osRelease(Inputs.Text t, List<String> problems) {
    Map<String, String> kv = new LinkedHashMap<>();
    List<String> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      String l = Lines.stripComment(lines.get(i));
      if (l.isEmpty()) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0 || !l.substring(0, eq).matches("[A-Z_][A-Z0-9_]*") || !Lines.printable(l)) {
        problems.add(Lines.problem(t.path(), i + 1, "expected KEY=value"));
        continue;
      }
      String val = l.substring(eq + 1).strip();
      if (val.length() >= 2
          && (val.startsWith("\"") && val.endsWith("\"")
              || val.startsWith("'") && val.endsWith("'"))) {
        val = val.substring(1, val.length() - 1);
      }
      kv.putIfAbsent(l.substring(0, eq), val.replace("\\\"", "\"").replace("\\$", "$"));
    }
    return kv;
  }

  static String family(String id, List<String> like) {
    List<String> all = new ArrayList<>(like);
    all.add(0, id);
    for (String x : all) {
      switch (x) {
        case "debian", "ubuntu", "raspbian", "linuxmint", "kali" -> {
          return "debian";
        }
        case "rhel", "fedora", "centos", "rocky", "almalinux", "ol", "amzn" -> {
          return "rhel";
        }
        case "suse", "opensuse", "sles", "opensuse-leap", "opensuse-tumbleweed" -> {
          return "suse";
        }
        case "arch", "manjaro" -> {
          return "arch";
        }
        case "alpine" -> {
          return "alpine";
        }
        default -> {}
      }
    }
    return "other";
  }

  private static String firstLine(Inputs in, String path) {
    Inputs.Text t = in.read(path, 64 * 1024, false);
    if (!t.ok()) {
      return null;
    }
    List<String> lines = t.lines();
    String s = lines.isEmpty() ? "" : lines.get(0).strip();
    return s.isEmpty() || !Lines.printable(s) ? null : Lines.clip(s, 255);
  }

  private static String container(Inputs in) {
    if (in.exists("/.dockerenv")) {
      return "docker";
    }
    if (in.exists("/run/.containerenv")) {
      return "podman";
    }
    String sd = firstLine(in, "/run/systemd/container");
    if (sd != null) {
      return sd;
    }
    if (in.live()) {
      Inputs.Text env = in.read("/proc/1/environ", 64 * 1024, true);
      if (env.ok()) {
        for (String e : env.text().split("\0")) {
          if (e.startsWith("container=") && e.length() > 10) {
            return Lines.clip(e.substring(10), 40);
          }
        }
      }
      Inputs.Text cg = in.read("/proc/1/cgroup", 64 * 1024, false);
      String c = cg.text();
      for (String k : List.of("docker", "kubepods", "containerd", "lxc", "libpod")) {
        if (c.contains(k)) {
          return k;
        }
      }
    }
    return null;
  }

  /** /proc/sys/kernel/arch (Linux 6.1+), without spawning uname. */
  private static String liveArch(Inputs in) {
    String s = firstLine(in, "/proc/sys/kernel/arch");
    return s != null && s.matches("[A-Za-z0-9_]+") ? s : null;
  }

  /** The machine of the ELF header of /bin/sh, for a root that is not running. */
  private static String elfArch(Inputs in) {
    for (String p : List.of("/bin/sh", "/usr/bin/sh", "/bin/busybox")) {
      Inputs.Text t = in.read(p, 8L * 1024 * 1024, true);
      if (!t.ok()) {
        continue;
      }
      FileContent c = t.content().orElseThrow();
      byte[] b = c.bytes();
      if (b.length < 20 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
        return null;
      }
      boolean little = b[5] == 1;
      int m = little ? (b[18] & 0xff) | (b[19] & 0xff) << 8 : (b[19] & 0xff) | (b[18] & 0xff) << 8;
      return switch (m) {
        case 0x3e -> "x86_64";
        case 0x03 -> "i686";
        case 0xb7 -> "aarch64";
        case 0x28 -> "armv7l";
        case 0xf3 -> "riscv64";
        case 0x15 -> "ppc64le";
        case 0x16 -> "s390x";
        default -> null;
      };
    }
    return null;
  }
}
