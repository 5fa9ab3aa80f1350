package dev.vigil.collectors.mounts;

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

/** {@code host.mounts}: fstab and, when live, the mounted options of the partitions CIS names. */
public final class MountsCollector implements Collector {
  public static final String FACT = "host.mounts";
  static final String FSTAB = "/etc/fstab";
  static final List<String> POINTS = List.of("/tmp", "/var/tmp", "/dev/shm", "/home");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Mount options", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Text fstab = in.read(FSTAB);
    if (fstab.missing() && !transport.live()) {
      return List.of(Fact.absent(FACT, FSTAB + ": no such file", in.provenance()));
    }
    if (fstab.error()) {
      return List.of(Fact.error(FACT, fstab.reason(), in.provenance()));
    }
    List<String> problems = new ArrayList<>();
    List<Map<String, Object>> entries = parse(fstab, problems, true);
    Map<String, List<String>> mounted = new LinkedHashMap<>();
    if (transport.live()) {
      Inputs.Text m = in.read("/proc/self/mounts");
      if (m.ok()) {
        for (Map<String, Object> e : parse(m, new ArrayList<>(), false)) {
          @SuppressWarnings("unchecked")
          List<String> o = (List<String>) e.get("options");
          mounted.put((String) e.get("mount_point"), o); // the last mount on a point is on top
        }
      } else {
        problems.add(m.reason());
      }
    }
    Map<String, Object> points = new LinkedHashMap<>();
    for (String p : POINTS) {
      Map<String, Object> pm = new LinkedHashMap<>();
      List<String> fo = null;
      for (Map<String, Object> e : entries) {
        if (p.equals(e.get("mount_point"))) {
          @SuppressWarnings("unchecked")
          List<String> o = (List<String>) e.get("options");
          fo = o;
        }
      }
      pm.put("in_fstab", fo != null);
      List<String> opts = fo == null ? List.of() : fo;
      if (transport.live()) {
        pm.put("mounted", mounted.containsKey(p));
        if (mounted.containsKey(p)) {
          opts = mounted.get(p);
        }
      }
      pm.put("options", opts);
      for (String flag : List.of("nodev", "nosuid", "noexec")) {
        pm.put(flag, opts.contains(flag));
      }
      points.put(p, pm);
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("fstab", entries);
    v.put("mount_points", points);
    v.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  private static List<Map<String, Object>> parse(
      Inputs.Text t, List<String> problems, boolean withLine) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> lines = t.lines();
    for (int i = 0; i < lines.size() && out.size() < 5000; i++) {
      String l = Lines.stripComment(lines.get(i));
      if (l.isEmpty()) {
        continue;
      }
      List<String> w = Lines.words(l);
      if (w.size() < 4
          || !w.get(1).startsWith("/") && !w.get(1).equals("none") && !w.get(1).equals("swap")
          || !Lines.printable(l)) {
        problems.add(
            Lines.problem(
                t.path(), i + 1, "expected 'device mountpoint type options [dump pass]'"));
        continue;
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("device", Lines.clip(w.get(0), 200));
      e.put("mount_point", unescape(w.get(1)));
      e.put("fstype", w.get(2));
      e.put("options", List.of(w.get(3).split(",")));
      if (withLine) {
        e.put("line", i + 1);
      }
      out.add(e);
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t");
  }
}
