package dev.vigil.rules;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.ControlId;
import dev.vigil.core.RuleId;
import dev.vigil.rules.internal.Suggest;
import dev.vigil.rules.internal.YNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rules run with which parameter values (XCCDF tailoring, InSpec inputs). A profile file is
 * YAML:
 *
 * <pre>
 * profile: my-servers
 * title: Moderate, tailored for our web servers
 * extends: nist-moderate          # a built-in profile, or a file relative to this one
 * baseline: moderate              # keep only rules with a control in this baseline
 * disable: [sshd.x11-forwarding]  # rule ids
 * enable: [tls.protocols]         # re-enable rules a parent or the baseline left out
 * params:
 *   max_password_age_days: 90
 * </pre>
 *
 * Immutable and thread-safe.
 */
public final class Profile {
  /** The built-in profiles. */
  public static final List<String> BUILT_IN =
      List.of("default", "nist-low", "nist-moderate", "nist-high");

  private static final Set<String> KEYS =
      Set.of(
          "profile", "title", "description", "extends", "baseline", "disable", "enable", "params");

  private final String name;
  private final String title;
  private final Set<RuleId> enabled;
  private final SortedMap<String, Object> params;

  private Profile(
      String name, String title, Set<RuleId> enabled, SortedMap<String, Object> params) {
    this.name = name;
    this.title = title;
    this.enabled = Collections.unmodifiableSet(new TreeSet<>(enabled));
    this.params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
  }

  /** Every rule of the set with its default parameters. */
  public static Profile all(RuleSet rules) {
    Set<RuleId> ids = new TreeSet<>();
    rules.rules().forEach(r -> ids.add(r.id()));
    return new Profile("default", "All rules with default parameters", ids, defaults(rules));
  }

  /** Only the given rules, with default parameters (golden cases, {@code rules test}). */
  public static Profile select(RuleSet rules, java.util.Collection<RuleId> ids) {
    Set<RuleId> known = new TreeSet<>();
    for (RuleId id : ids) {
      if (rules.find(id.value()).isEmpty()) {
        throw new IllegalArgumentException("unknown rule: " + id);
      }
      known.add(id);
    }
    return new Profile("select", "Selected rules", known, defaults(rules));
  }

  private static SortedMap<String, Object> defaults(RuleSet rules) {
    SortedMap<String, Object> out = new TreeMap<>();
    rules.parameters().forEach((k, v) -> out.put(k, v.defaultValue()));
    return out;
  }

  /**
   * A built-in profile name ({@code default}, {@code nist-moderate}) or a path to a profile file.
   */
  public static Profile load(String nameOrPath, RuleSet rules) throws RuleLoadException {
    return load(nameOrPath, rules, new LinkedHashSet<>());
  }

  private static Profile load(String nameOrPath, RuleSet rules, Set<String> chain)
      throws RuleLoadException {
    if (nameOrPath.equals("default")) {
      return all(rules);
    }
    String file;
    String text;
    Path dir = null;
    if (BUILT_IN.contains(nameOrPath)) {
      file = "builtin:profiles/" + nameOrPath + ".yaml";
      try (InputStream in =
          Profile.class.getResourceAsStream("/profiles/" + nameOrPath + ".yaml")) {
        if (in == null) {
          throw new IllegalStateException("missing built-in profile " + nameOrPath);
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else {
      Path p = Path.of(nameOrPath);
      file = p.toString();
      if (!Files.isRegularFile(p)) {
        throw new RuleLoadException(
            List.of(
                new Problem(
                    file,
                    1,
                    1,
                    "no such profile: not a built-in ("
                        + String.join(", ", BUILT_IN)
                        + ") nor a file"
                        + Suggest.hint(nameOrPath, BUILT_IN))));
      }
      try {
        text = Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new RuleLoadException(List.of(new Problem(file, 1, 1, "cannot read: " + e)));
      }
      dir = p.toAbsolutePath().getParent();
    }
    if (!chain.add(file)) {
      throw new RuleLoadException(
          List.of(new Problem(file, 1, 1, "profiles extend each other in a cycle: " + chain)));
    }
    return parse(file, text, dir, rules, chain);
  }

  private static Profile parse(String file, String text, Path dir, RuleSet rules, Set<String> chain)
      throws RuleLoadException {
    List<Problem> problems = new ArrayList<>();
    Optional<YNode> doc = YNode.parse(file, text, problems);
    if (doc.isEmpty()) {
      throw new RuleLoadException(problems);
    }
    YNode root = doc.get();
    if (!root.isMap()) {
      throw new RuleLoadException(
          List.of(new Problem(file, root.line(), root.column(), "a profile is a YAML map")));
    }
    for (String key : root.entries().keySet()) {
      if (!KEYS.contains(key)) {
        int[] pos = root.keyPosition(key);
        problems.add(
            new Problem(
                file,
                pos[0],
                pos[1],
                "unknown profile field '" + key + "'" + Suggest.hint(key, KEYS)));
      }
    }
    String name = scalarText(root, "profile", file, problems).orElse(file);
    String title = scalarText(root, "title", file, problems).orElse(name);

    Set<RuleId> enabled = new TreeSet<>();
    SortedMap<String, Object> params;
    Optional<String> parent = scalarText(root, "extends", file, problems);
    if (parent.isPresent()) {
      String ref = parent.get();
      if (!BUILT_IN.contains(ref) && dir != null) {
        ref = dir.resolve(ref).toString();
      }
      try {
        Profile p = load(ref, rules, chain);
        enabled.addAll(p.enabled);
        params = new TreeMap<>(p.params);
      } catch (RuleLoadException e) {
        YNode at = root.get("extends").get();
        for (Problem p : e.problems()) {
          problems.add(new Problem(file, at.line(), at.column(), "in extended profile: " + p));
        }
        throw new RuleLoadException(problems);
      }
    } else {
      rules.rules().forEach(r -> enabled.add(r.id()));
      params = defaults(rules);
    }

    Optional<String> baseline = scalarText(root, "baseline", file, problems);
    if (baseline.isPresent()) {
      String b = baseline.get();
      if (!List.of("low", "moderate", "high").contains(b)) {
        YNode at = root.get("baseline").get();
        problems.add(
            new Problem(
                file, at.line(), at.column(), "baseline must be low, moderate or high: " + b));
      } else {
        Set<ControlId> controls = ControlCatalog.builtIn().baseline(b);
        enabled.removeIf(
            id ->
                rules
                    .find(id.value())
                    .map(r -> r.controls().stream().noneMatch(controls::contains))
                    .orElse(true));
      }
    }
    for (String key : List.of("disable", "enable")) {
      Optional<YNode> list = root.get(key);
      if (list.isEmpty()) {
        continue;
      }
      List<YNode> items = list.get().isList() ? list.get().items() : List.of(list.get());
      for (YNode item : items) {
        String id = String.valueOf(item.scalar());
        if (rules.find(id).isEmpty()) {
          problems.add(
              new Problem(
                  file,
                  item.line(),
                  item.column(),
                  "unknown rule '"
                      + id
                      + "'"
                      + Suggest.hint(
                          id, rules.rules().stream().map(r -> r.id().value()).toList())));
          continue;
        }
        if (key.equals("disable")) {
          enabled.remove(RuleId.of(id));
        } else {
          enabled.add(RuleId.of(id));
        }
      }
    }
    Optional<YNode> overrides = root.get("params");
    if (overrides.isPresent()) {
      if (!overrides.get().isMap()) {
        problems.add(
            new Problem(
                file,
                overrides.get().line(),
                overrides.get().column(),
                "params must be a map of parameter name to value"));
      } else {
        for (Map.Entry<String, YNode> e : overrides.get().entries().entrySet()) {
          RuleParam decl = rules.parameters().get(e.getKey());
          YNode v = e.getValue();
          if (decl == null) {
            int[] pos = overrides.get().keyPosition(e.getKey());
            problems.add(
                new Problem(
                    file,
                    pos[0],
                    pos[1],
                    "unknown parameter '"
                        + e.getKey()
                        + "'"
                        + Suggest.hint(e.getKey(), rules.parameters().keySet())));
            continue;
          }
          Object value = v.toPlain();
          if (value == null || !decl.type().accepts(value)) {
            problems.add(
                new Problem(
                    file,
                    v.line(),
                    v.column(),
                    "parameter '"
                        + e.getKey()
                        + "' must be "
                        + decl.type().wire()
                        + ", not "
                        + v.describe()));
            continue;
          }
          params.put(e.getKey(), decl.type().normalise(value));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleLoadException(problems);
    }
    return new Profile(name, title, enabled, params);
  }

  private static Optional<String> scalarText(
      YNode n, String key, String file, List<Problem> problems) {
    Optional<YNode> v = n.get(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!(v.get().scalar() instanceof String s)) {
      problems.add(
          new Problem(file, v.get().line(), v.get().column(), "'" + key + "' must be text"));
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public String name() {
    return name;
  }

  public String title() {
    return title;
  }

  public boolean enabled(RuleId rule) {
    return enabled.contains(rule);
  }

  /** The rule ids this profile runs. */
  public Set<RuleId> enabledRules() {
    return enabled;
  }

  /** The value in force for a parameter, if any rule declares it. */
  public Optional<Object> parameter(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /**
   * Parameter values in force, rendered as text, for the methodology appendix: every parameter this
   * profile sets or inherits, including those of rules it disables.
   */
  public SortedMap<String, String> parameterValues() {
    SortedMap<String, String> out = new TreeMap<>();
    params.forEach((k, v) -> out.put(k, RuleParam.render(v)));
    return Collections.unmodifiableSortedMap(out);
  }

  /** The parameter values used by the rules this profile runs, rendered as text. */
  public SortedMap<String, String> parameterValues(RuleSet rules) {
    SortedMap<String, String> out = new TreeMap<>();
    for (RuleId id : enabled) {
      rules
          .find(id.value())
          .ifPresent(
              r -> {
                for (RuleParam p : r.params()) {
                  out.put(
                      p.name(), RuleParam.render(params.getOrDefault(p.name(), p.defaultValue())));
                }
              });
    }
    return Collections.unmodifiableSortedMap(out);
  }
}
