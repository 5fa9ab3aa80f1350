package dev.vigil.rules;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Finding;
import dev.vigil.core.RuleId;
import dev.vigil.core.Target;
import dev.vigil.core.WaiverRef;
import dev.vigil.rules.internal.Suggest;
import dev.vigil.rules.internal.YNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accepted exceptions. A malformed waivers file stops the run: a silently ignored waiver is worse.
 *
 * <pre>
 * waivers:
 *   - id: W-2026-014                 # optional; default rule@index
 *     rule: sshd.permit-root-login
 *     scope:                         # every given criterion must match; no scope = every target
 *       targets: [bastion-1]         # target names
 *       groups: [dmz]                # the target's label "group" (or "groups", comma-separated)
 *       labels: {env: prod}
 *       resource: root               # only this resource of a forEach rule
 *     justification: break-glass access, reviewed quarterly   # required
 *     owner: secops@example.org      # required
 *     expires: 2027-03-31            # required; the waiver applies through this day (UTC)
 * </pre>
 */
public final class Waivers {
  private static final Set<String> KEYS =
      Set.of("id", "rule", "scope", "justification", "owner", "expires");
  private static final Set<String> SCOPE_KEYS = Set.of("targets", "groups", "labels", "resource");

  /** One waiver. */
  public record Waiver(
      String id,
      RuleId rule,
      List<String> targets,
      List<String> groups,
      Map<String, String> labels,
      Optional<String> resource,
      String justification,
      String owner,
      LocalDate expires,
      String source) {
    public Waiver {
      requireNonNull(id, "id");
      requireNonNull(rule, "rule");
      targets = List.copyOf(targets);
      groups = List.copyOf(groups);
      labels = Map.copyOf(labels);
    }

    /** Whether this waiver's scope covers a finding of this rule on this target. */
    public boolean covers(Finding f, Target target) {
      if (!f.rule().equals(rule)) {
        return false;
      }
      if (!targets.isEmpty() && !targets.contains(target.name())) {
        return false;
      }
      if (!groups.isEmpty()) {
        Set<String> tg = new HashSet<>();
        for (String key : List.of("group", "groups")) {
          String v = target.labels().get(key);
          if (v != null) {
            Arrays.stream(v.split(",")).map(String::strip).forEach(tg::add);
          }
        }
        if (groups.stream().noneMatch(tg::contains)) {
          return false;
        }
      }
      for (Map.Entry<String, String> l : labels.entrySet()) {
        if (!l.getValue().equals(target.labels().get(l.getKey()))) {
          return false;
        }
      }
      return resource.isEmpty() || resource.get().equals(f.resource().id());
    }

    public WaiverRef ref(LocalDate today) {
      return new WaiverRef(id, owner, justification, expires, today.isAfter(expires));
    }
  }

  private static final Waivers NONE = new Waivers(List.of());

  private final List<Waiver> waivers;

  private Waivers(List<Waiver> waivers) {
    this.waivers = List.copyOf(waivers);
  }

  public static Waivers none() {
    return NONE;
  }

  public static Waivers of(List<Waiver> waivers) {
    return new Waivers(waivers);
  }

  public List<Waiver> all() {
    return waivers;
  }

  public static Waivers load(Path file) throws RuleLoadException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleLoadException(
          List.of(new Problem(file.toString(), 1, 1, "cannot read waivers file: " + e)));
    }
    return parse(file.toString(), text, Optional.empty());
  }

  /** Loads and also checks that every waived rule exists in {@code rules}. */
  public static Waivers load(Path file, RuleSet rules) throws RuleLoadException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleLoadException(
          List.of(new Problem(file.toString(), 1, 1, "cannot read waivers file: " + e)));
    }
    return parse(file.toString(), text, Optional.of(rules));
  }

  static Waivers parse(String file, String text, Optional<RuleSet> rules) throws RuleLoadException {
    List<Problem> problems = new ArrayList<>();
    Optional<YNode> doc = YNode.parse(file, text, problems);
    if (doc.isEmpty()) {
      throw new RuleLoadException(problems);
    }
    YNode root = doc.get();
    if (!root.isMap() || root.get("waivers").isEmpty() || !root.get("waivers").get().isList()) {
      throw new RuleLoadException(
          List.of(
              new Problem(
                  file,
                  root.line(),
                  root.column(),
                  "a waivers file has a top-level 'waivers:' list")));
    }
    List<Waiver> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (YNode w : root.get("waivers").get().items()) {
      index++;
      int before = problems.size();
      if (!w.isMap()) {
        problems.add(new Problem(file, w.line(), w.column(), "a waiver must be a map"));
        continue;
      }
      for (String key : w.entries().keySet()) {
        if (!KEYS.contains(key)) {
          int[] pos = w.keyPosition(key);
          problems.add(
              new Problem(
                  file,
                  pos[0],
                  pos[1],
                  "unknown waiver field '" + key + "'" + Suggest.hint(key, KEYS)));
        }
      }
      RuleId rule = null;
      Optional<String> ruleText = required(w, "rule", file, problems);
      if (ruleText.isPresent()) {
        try {
          rule = RuleId.of(ruleText.get());
          if (rules.isPresent() && rules.get().find(rule.value()).isEmpty()) {
            YNode at = w.get("rule").get();
            problems.add(
                new Problem(
                    file,
                    at.line(),
                    at.column(),
                    "unknown rule '"
                        + rule
                        + "'"
                        + Suggest.hint(
                            rule.value(),
                            rules.get().rules().stream().map(r -> r.id().value()).toList())));
          }
        } catch (IllegalArgumentException e) {
          YNode at = w.get("rule").get();
          problems.add(new Problem(file, at.line(), at.column(), e.getMessage()));
        }
      }
      Optional<String> justification = required(w, "justification", file, problems);
      Optional<String> owner = required(w, "owner", file, problems);
      LocalDate expires = null;
      Optional<String> exp = required(w, "expires", file, problems);
      if (exp.isPresent()) {
        try {
          expires = LocalDate.parse(exp.get());
        } catch (DateTimeParseException e) {
          YNode at = w.get("expires").get();
          problems.add(
              new Problem(
                  file, at.line(), at.column(), "expires must be a date YYYY-MM-DD: " + exp.get()));
        }
      }
      String id = w.get("id").map(n -> String.valueOf(n.scalar())).orElse(null);
      if (id == null) {
        id = (rule == null ? "waiver" : rule.value()) + "@" + index;
      } else if (!ids.add(id)) {
        YNode at = w.get("id").get();
        problems.add(new Problem(file, at.line(), at.column(), "duplicate waiver id '" + id + "'"));
      }
      List<String> targets = new ArrayList<>();
      List<String> groups = new ArrayList<>();
      Map<String, String> labels = new TreeMap<>();
      Optional<String> resource = Optional.empty();
      Optional<YNode> scope = w.get("scope");
      if (scope.isPresent()) {
        YNode s = scope.get();
        if (!s.isMap()) {
          problems.add(
              new Problem(
                  file,
                  s.line(),
                  s.column(),
                  "scope must be a map of targets, groups, labels, resource"));
        } else {
          for (String key : s.entries().keySet()) {
            if (!SCOPE_KEYS.contains(key)) {
              int[] pos = s.keyPosition(key);
              problems.add(
                  new Problem(
                      file,
                      pos[0],
                      pos[1],
                      "unknown scope field '" + key + "'" + Suggest.hint(key, SCOPE_KEYS)));
            }
          }
          textList(s, "targets", file, problems, targets);
          textList(s, "groups", file, problems, groups);
          s.get("labels")
              .ifPresent(
                  l -> {
                    if (!l.isMap()) {
                      problems.add(new Problem(file, l.line(), l.column(), "labels must be a map"));
                    } else {
                      l.entries().forEach((k, v) -> labels.put(k, String.valueOf(v.scalar())));
                    }
                  });
          resource = s.get("resource").map(r -> String.valueOf(r.scalar()));
        }
      }
      if (problems.size() == before) {
        out.add(
            new Waiver(
                id,
                rule,
                targets,
                groups,
                labels,
                resource,
                justification.orElseThrow(),
                owner.orElseThrow(),
                expires,
                file + ":" + w.line()));
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleLoadException(problems);
    }
    return new Waivers(out);
  }

  private static Optional<String> required(
      YNode w, String key, String file, List<Problem> problems) {
    Optional<YNode> v = w.get(key);
    if (v.isEmpty() || v.get().isNull() || !v.get().isScalar()) {
      problems.add(
          new Problem(
              file, w.line(), w.column(), "waiver is missing required field '" + key + "'"));
      return Optional.empty();
    }
    String s = String.valueOf(v.get().scalar()).strip();
    if (s.isEmpty()) {
      problems.add(
          new Problem(file, v.get().line(), v.get().column(), "'" + key + "' must not be empty"));
      return Optional.empty();
    }
    return Optional.of(s);
  }

  private static void textList(
      YNode s, String key, String file, List<Problem> problems, List<String> out) {
    Optional<YNode> v = s.get(key);
    if (v.isEmpty()) {
      return;
    }
    for (YNode item : v.get().isList() ? v.get().items() : List.of(v.get())) {
      if (!item.isScalar() || item.isNull()) {
        problems.add(
            new Problem(file, item.line(), item.column(), key + " must be a list of text"));
      } else {
        out.add(String.valueOf(item.scalar()));
      }
    }
  }

  /**
   * Applies the first matching unexpired waiver to a finding; when only expired ones match, the
   * first of those is shown (expired, not waiving).
   */
  public Finding apply(Finding f, Target target, LocalDate today) {
    WaiverRef expired = null;
    for (Waiver w : waivers) {
      if (w.covers(f, target)) {
        WaiverRef ref = w.ref(today);
        if (!ref.expired()) {
          return f.withWaiver(ref);
        }
        if (expired == null) {
          expired = ref;
        }
      }
    }
    return expired == null ? f : f.withWaiver(expired);
  }

  public boolean isEmpty() {
    return waivers.isEmpty();
  }
}
