package dev.vigil.collectors.packages;

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

/** {@code host.packages}: installed packages and versions, and the unwanted ones present. */
public final class PackagesCollector implements Collector {
  public static final String FACT = "host.packages";
  static final String DPKG_STATUS = "/var/lib/dpkg/status";
  public static final List<String> UNWANTED =
      List.of(
          "inetutils-telnetd",
          "nis",
          "rsh-client",
          "rsh-server",
          "rsh-redone-server",
          "talk",
          "talkd",
          "telnet-server",
          "telnetd",
          "tftp-server",
          "tftpd",
          "tftpd-hpa",
          "xinetd",
          "ypbind",
          "ypserv",
          "vsftpd",
          "prelink");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Installed packages", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Text status = in.read(DPKG_STATUS, 64L * 1024 * 1024, false);
    List<String> problems = new ArrayList<>();
    Map<String, Object> packages = new TreeMap<>();
    String manager;
    if (status.ok()) {
      manager = "dpkg";
      parseDpkg(status, packages, problems);
    } else if (status.error()) {
      return List.of(Fact.error(FACT, status.reason(), in.provenance()));
    } else if (transport.live() && (in.exists("/usr/bin/rpm") || in.exists("/bin/rpm"))) {
      Inputs.Command c =
          in.run(
              List.of("rpm", "-qa", "--qf", "%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n"),
              16L << 20);
      if (!c.succeeded()) {
        return List.of(Fact.error(FACT, c.error(), in.provenance()));
      }
      manager = "rpm";
      for (String l : Lines.split(c.stdout())) {
        List<String> w = Lines.words(l);
        if (w.size() == 2) {
          String ver = w.get(1).startsWith("0:") ? w.get(1).substring(2) : w.get(1);
          packages.merge(w.get(0), ver, (a, b) -> a + " " + b);
        }
      }
    } else {
      return List.of(
          Fact.absent(
              FACT, DPKG_STATUS + ": no such file and no rpm on a live target", in.provenance()));
    }
    List<String> unwanted = new ArrayList<>();
    for (String u : UNWANTED) {
      if (packages.containsKey(u)) {
        unwanted.add(u);
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("manager", manager);
    v.put("packages", packages);
    v.put("count", packages.size());
    v.put("unwanted_present", unwanted);
    v.put("unwanted_checked", UNWANTED);
    v.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  static void parseDpkg(Inputs.Text t, Map<String, Object> packages, List<String> problems) {
    List<String> lines = t.lines();
    String pkg = null;
    String st = null;
    String ver = null;
    String arch = null;
    int start = 1;
    for (int i = 0; i <= lines.size(); i++) {
      String l = i < lines.size() ? lines.get(i) : "";
      if (l.isBlank()) {
        if (pkg != null || st != null || ver != null) {
          if (pkg == null || ver == null && st != null && st.endsWith(" installed")) {
            problems.add(Lines.problem(t.path(), start, "stanza without Package or Version"));
          } else if (st != null && st.endsWith(" installed") && ver != null) {
            String key = packages.containsKey(pkg) && arch != null ? pkg + ":" + arch : pkg;
            packages.putIfAbsent(key, ver);
          }
        }
        pkg = st = ver = arch = null;
        start = i + 2;
        continue;
      }
      if (l.startsWith(" ") || l.startsWith("\t")) {
        continue;
      }
      int c = l.indexOf(':');
      if (c <= 0 || !Lines.printable(l)) {
        problems.add(Lines.problem(t.path(), i + 1, "expected 'Field: value'"));
        continue;
      }
      String k = l.substring(0, c);
      String val = l.substring(c + 1).strip();
      switch (k) {
        case "Package" -> pkg = val;
        case "Status" -> st = val;
        case "Version" -> ver = val;
        case "Architecture" -> arch = val;
        default -> {}
      }
    }
  }
}
