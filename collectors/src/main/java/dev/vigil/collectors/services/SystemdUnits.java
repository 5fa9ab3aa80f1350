package dev.vigil.collectors.services;

import dev.vigil.collectors.internal.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Enabled and masked units read from {@code /etc/systemd/system} links, without systemd. */
public final class SystemdUnits {
  public static final String ETC = "/etc/systemd/system";

  /** Unit names linked in {@code *.wants}/{@code *.requires}, by the unit that wants them. */
  public static Map<String, Set<String>> enabledBy(Inputs in) {
    Map<String, Set<String>> by = new TreeMap<>();
    Inputs.Listing top = in.list(ETC);
    for (String n : top.names()) {
      if (!n.endsWith(".wants") && !n.endsWith(".requires")) {
        continue;
      }
      String owner = n.substring(0, n.lastIndexOf('.'));
      for (String unit : in.list(Inputs.join(ETC, n)).names()) {
        String u = unit;
        int at = u.indexOf('@');
        int dot = u.lastIndexOf('.');
        if (at > 0 && dot > at) {
          u = u.substring(0, at + 1) + u.substring(dot); // foo@tty1.service -> foo@.service
        }
        by.computeIfAbsent(owner, k -> new TreeSet<>()).add(u);
      }
    }
    return by;
  }

  public static Set<String> enabled(Inputs in) {
    Set<String> all = new TreeSet<>();
    enabledBy(in).values().forEach(all::addAll);
    return all;
  }

  /** Units in /etc/systemd/system that link to /dev/null. */
  public static List<String> masked(Inputs in) {
    List<String> out = new ArrayList<>();
    for (String n : in.list(ETC).names()) {
      Inputs.Stat s = in.stat(Inputs.join(ETC, n));
      if (s.stat().flatMap(st -> st.linkTarget()).map(t -> t.equals("/dev/null")).orElse(false)) {
        out.add(n);
      }
    }
    return out;
  }

  private SystemdUnits() {}
}
