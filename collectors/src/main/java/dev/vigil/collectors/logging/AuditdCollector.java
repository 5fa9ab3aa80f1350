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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code host.auditd}: the audit daemon's retention settings and the audit rules present. */
public final class AuditdCollector implements Collector {
  public static final String FACT = "host.auditd";
  static final String CONF = "/etc/audit/auditd.conf";
  static final String RULES_D = "/etc/audit/rules.d";
  static final String RULES = "/etc/audit/audit.rules";
  private static final Set<String> KEEP_CASE =
      Set.of(
          "log_file",
          "action_mail_acct",
          "log_group",
          "name",
          "space_left",
          "admin_space_left",
          "plugin_dir",
          "krb5_key_file");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Linux audit daemon", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Text conf = in.read(CONF);
    Inputs.Listing rulesD = in.list(RULES_D);
    boolean rulesFile = in.exists(RULES);
    if (conf.missing() && rulesD.missing() && !rulesFile) {
      return List.of(
          Fact.absent(FACT, CONF + ": no such file (auditd not installed)", in.provenance()));
    }
    if (conf.error()) {
      return List.of(Fact.error(FACT, conf.reason(), in.provenance()));
    }
    List<String> problems = new ArrayList<>();
    Map<String, Object> config = new TreeMap<>();
    List<String> lines = conf.lines();
    for (int i = 0; i < lines.size(); i++) {
      String l = Lines.stripComment(lines.get(i));
      if (l.isEmpty()) {
        continue;
      }
      int eq = l.indexOf('=');
      String k = eq > 0 ? Lines.lower(l.substring(0, eq).strip()) : "";
      if (!k.matches("[a-z_][a-z0-9_]*") || !Lines.printable(l)) {
        problems.add(Lines.problem(CONF, i + 1, "expected 'name = value'"));
        continue;
      }
      String val = l.substring(eq + 1).strip();
      Object o = Lines.number(val);
      config.put(k, o instanceof String s && !KEEP_CASE.contains(k) ? Lines.lower(s) : o);
    }
    List<String> ruleFiles = new ArrayList<>();
    if (rulesD.ok()) {
      for (String n : rulesD.names()) {
        if (n.endsWith(".rules")) {
          ruleFiles.add(Inputs.join(RULES_D, n));
        }
      }
    } else if (!rulesD.missing()) {
      problems.add(rulesD.reason());
    }
    if (ruleFiles.isEmpty() && rulesFile) {
      ruleFiles.add(RULES);
    }
    List<String> rules = new ArrayList<>();
    Set<String> watched = new LinkedHashSet<>();
    boolean immutable = false;
    for (String f : ruleFiles) {
      Inputs.Text t = in.read(f);
      if (!t.ok()) {
        problems.add(t.reason());
        continue;
      }
      List<String> rl = t.lines();
      for (int i = 0; i < rl.size(); i++) {
        String l = Lines.stripComment(rl.get(i));
        if (l.isEmpty()) {
          continue;
        }
        if (!l.startsWith("-") || !Lines.printable(l)) {
          problems.add(Lines.problem(f, i + 1, "expected an auditctl rule starting with '-'"));
          continue;
        }
        String norm = String.join(" ", Lines.words(l));
        if (rules.size() < 5000) {
          rules.add(norm);
        }
        List<String> w = Lines.words(l);
        if (w.get(0).equals("-w") && w.size() > 1) {
          watched.add(w.get(1));
        }
        if (w.get(0).equals("-e") && w.size() > 1 && w.get(1).equals("2")) {
          immutable = true;
        }
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("config", config);
    v.put("config_present", conf.ok());
    v.put("rules", rules);
    v.put("rule_files", ruleFiles);
    v.put("watched_paths", new ArrayList<>(watched));
    v.put("immutable", immutable);
    v.put("files", in.files());
    v.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }
}
