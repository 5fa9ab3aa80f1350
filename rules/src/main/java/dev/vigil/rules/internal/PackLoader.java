package dev.vigil.rules.internal;

import dev.cel.runtime.CelRuntime.Program;
import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.ControlId;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.rules.Problem;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleParam;
import dev.vigil.rules.cel.CelEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one rule pack (a YAML document with a top-level {@code rules:} list), validates every rule
 * and compiles its CEL expressions. Every problem is collected with its file:line:col; nothing
 * stops at the first.
 */
public final class PackLoader {
  static final Set<String> RULE_KEYS =
      Set.of(
          "id",
          "title",
          "description",
          "rationale",
          "severity",
          "controls",
          "references",
          "facts",
          "missing",
          "when",
          "forEach",
          "resource",
          "check",
          "observed",
          "expected",
          "remediation",
          "params",
          "onEmpty");

  private final String file;
  private final String[] lines;
  private final ControlCatalog catalog;
  private final List<Problem> problems;
  private final Map<String, Integer> idLines = new java.util.HashMap<>();

  private PackLoader(String file, String text, ControlCatalog catalog, List<Problem> problems) {
    this.file = file;
    this.lines = text.split("\r?\n", -1);
    this.catalog = catalog;
    this.problems = problems;
  }

  /**
   * Loads the rules of one pack. Problems are appended to {@code problems}; the rules returned are
   * those without problems.
   */
  public static List<CompiledRule> load(
      String file, String text, ControlCatalog catalog, List<Problem> problems) {
    return new PackLoader(file, text, catalog, problems).load(text);
  }

  private List<CompiledRule> load(String text) {
    Optional<YNode> doc = YNode.parse(file, text, problems);
    if (doc.isEmpty()) {
      return List.of();
    }
    YNode root = doc.get();
    if (!root.isMap() || root.get("rules").isEmpty()) {
      problem(root, "a rule pack is a map with a top-level 'rules:' list");
      return List.of();
    }
    for (String key : root.entries().keySet()) {
      if (!key.equals("rules") && !key.equals("pack") && !key.equals("description")) {
        problemAtKey(root, key, "unknown top-level key '" + key + "' (expected 'rules')");
      }
    }
    YNode rules = root.get("rules").get();
    if (!rules.isList()) {
      problem(rules, "'rules' must be a list, not " + rules.describe());
      return List.of();
    }
    List<CompiledRule> out = new ArrayList<>();
    for (YNode r : rules.items()) {
      rule(r).ifPresent(out::add);
    }
    return out;
  }

  private Optional<CompiledRule> rule(YNode n) {
    if (!n.isMap()) {
      problem(n, "a rule must be a map, not " + n.describe());
      return Optional.empty();
    }
    int before = problems.size();
    for (String key : n.entries().keySet()) {
      if (!RULE_KEYS.contains(key)) {
        problemAtKey(n, key, "unknown rule field '" + key + "'" + Suggest.hint(key, RULE_KEYS));
      }
    }
    RuleId id = null;
    Optional<String> idText = text(n, "id", true);
    if (idText.isPresent()) {
      try {
        id = new RuleId(idText.get());
        Integer first = idLines.putIfAbsent(id.value(), n.line());
        if (first != null) {
          problem(
              n.get("id").get(),
              "duplicate rule id '" + id + "' (first defined at " + file + ":" + first + ")");
        }
      } catch (IllegalArgumentException e) {
        problem(n.get("id").get(), e.getMessage());
      }
    }
    String title = text(n, "title", true).orElse("");
    String description = text(n, "description", false).orElse("");
    String rationale = text(n, "rationale", false).orElse("");
    String remediation = text(n, "remediation", false).orElse("");
    Severity severity = Severity.MEDIUM;
    Optional<String> sev = text(n, "severity", true);
    if (sev.isPresent()) {
      try {
        severity = Severity.parse(sev.get());
        if (severity == Severity.INFO) {
          problem(n.get("severity").get(), "severity must be low|medium|high|critical: info");
        }
      } catch (IllegalArgumentException e) {
        problem(n.get("severity").get(), e.getMessage());
      }
    }
    List<ControlId> controls = controls(n);
    Map<String, List<String>> references = references(n);
    boolean missingIsError = false;
    Optional<String> missing = text(n, "missing", false);
    if (missing.isPresent()) {
      switch (missing.get()) {
        case "error" -> missingIsError = true;
        case "notapplicable" -> missingIsError = false;
        default ->
            problem(
                n.get("missing").get(), "missing must be notapplicable or error: " + missing.get());
      }
    }
    boolean onEmptyPass = false;
    Optional<String> onEmpty = text(n, "onEmpty", false);
    if (onEmpty.isPresent()) {
      switch (onEmpty.get()) {
        case "pass" -> onEmptyPass = true;
        case "notapplicable" -> onEmptyPass = false;
        default ->
            problem(
                n.get("onEmpty").get(), "onEmpty must be pass or notapplicable: " + onEmpty.get());
      }
    }
    Map<String, RuleParam> params = params(n);

    // Expressions.
    Set<String> usedFacts = new LinkedHashSet<>();
    Optional<YNode> forEachNode = n.get("forEach");
    boolean forEach = forEachNode.isPresent();
    Optional<Program> when = expr(n, "when", false, false, params, usedFacts);
    Optional<Program> each = expr(n, "forEach", false, false, params, usedFacts);
    Optional<Program> check = expr(n, "check", true, forEach, params, usedFacts);
    Optional<Program> observed = expr(n, "observed", false, forEach, params, usedFacts);
    String resourceType = "host";
    Optional<Program> resourceId = Optional.empty();
    Optional<String> resourceIdText = Optional.empty();
    Optional<YNode> resource = n.get("resource");
    if (forEach) {
      if (resource.isEmpty() || !resource.get().isMap()) {
        problemAtKey(
            n,
            "forEach",
            "a forEach rule needs 'resource: {type: <kind>, id: <CEL naming one item>}'");
      } else {
        resourceType = text(resource.get(), "type", true).orElse("resource");
        resourceIdText = text(resource.get(), "id", true);
        resourceId = expr(resource.get(), "id", true, true, params, usedFacts);
        for (String key : resource.get().entries().keySet()) {
          if (!key.equals("type") && !key.equals("id")) {
            problemAtKey(resource.get(), key, "unknown resource field '" + key + "'");
          }
        }
      }
    } else if (resource.isPresent()) {
      problemAtKey(n, "resource", "'resource' is only meaningful with 'forEach'");
    }
    List<Object> expected = new ArrayList<>();
    Optional<String> expectedText = text(n, "expected", false);
    expectedText.ifPresent(
        t -> expected.addAll(template(n.get("expected").get(), t, forEach, params, usedFacts)));

    List<String> facts = problems.size() > before ? List.of() : facts(n, usedFacts);
    if (problems.size() > before || id == null || check.isEmpty()) {
      return Optional.empty();
    }
    Rule rule =
        new Rule(
            id,
            title,
            description,
            rationale,
            severity,
            controls,
            references,
            facts,
            missingIsError,
            text(n, "when", false),
            text(n, "forEach", false),
            resourceType,
            resourceIdText,
            text(n, "check", true).orElseThrow(),
            text(n, "observed", false),
            expectedText,
            remediation,
            List.copyOf(params.values()),
            onEmptyPass,
            file + ":" + n.line());
    return Optional.of(
        new CompiledRule(rule, when, each, resourceId, check.get(), observed, expected));
  }

  private List<ControlId> controls(YNode n) {
    Optional<YNode> c = n.get("controls");
    if (c.isEmpty()) {
      problemAtKey(n, "id", "missing required field 'controls' (NIST SP 800-53 ids, e.g. [CM-6])");
      return List.of();
    }
    List<YNode> items = c.get().isList() ? c.get().items() : List.of(c.get());
    List<ControlId> out = new ArrayList<>();
    for (YNode item : items) {
      if (!(item.scalar() instanceof String s)) {
        problem(item, "a control id must be text like AC-6(2), not " + item.describe());
        continue;
      }
      try {
        ControlId id = ControlId.parse(s);
        if (!catalog.all().isEmpty() && !catalog.contains(id)) {
          problem(
              item,
              "unknown control '"
                  + id
                  + "' (not in the NIST SP 800-53 Rev 5 catalog)"
                  + Suggest.hint(
                      id.toString(), catalog.all().stream().map(x -> x.id().toString()).toList()));
          continue;
        }
        if (out.contains(id)) {
          problem(item, "control '" + id + "' listed twice");
          continue;
        }
        out.add(id);
      } catch (IllegalArgumentException e) {
        problem(item, e.getMessage());
      }
    }
    if (items.isEmpty()) {
      problem(c.get(), "a rule must map to at least one control");
    }
    return out;
  }

  private Map<String, List<String>> references(YNode n) {
    Map<String, List<String>> out = new TreeMap<>();
    Optional<YNode> r = n.get("references");
    if (r.isEmpty()) {
      return out;
    }
    if (!r.get().isMap()) {
      problem(r.get(), "references must be a map of framework to ids ({cis: [5.1.20]})");
      return out;
    }
    r.get()
        .entries()
        .forEach(
            (k, v) -> {
              List<String> ids = new ArrayList<>();
              for (YNode item : v.isList() ? v.items() : List.of(v)) {
                if (item.isScalar() && item.scalar() != null) {
                  ids.add(String.valueOf(item.scalar()));
                } else {
                  problem(item, "reference ids must be text");
                }
              }
              out.put(k, ids);
            });
    return out;
  }

  private Map<String, RuleParam> params(YNode n) {
    Map<String, RuleParam> out = new LinkedHashMap<>();
    Optional<YNode> p = n.get("params");
    if (p.isEmpty()) {
      return out;
    }
    if (!p.get().isMap()) {
      problem(p.get(), "params must be a map of name to {type, default, description}");
      return out;
    }
    for (Map.Entry<String, YNode> e : p.get().entries().entrySet()) {
      String name = e.getKey();
      YNode v = e.getValue();
      if (!name.matches("[a-z][a-z0-9_]*")) {
        problemAtKey(p.get(), name, "parameter name must be lower_snake_case: " + name);
        continue;
      }
      RuleParam.Type type;
      Object def;
      String description = "";
      if (v.isMap()) {
        for (String key : v.entries().keySet()) {
          if (!Set.of("type", "default", "description").contains(key)) {
            problemAtKey(v, key, "unknown parameter field '" + key + "'");
          }
        }
        Optional<String> typeText = text(v, "type", true);
        if (typeText.isEmpty()) {
          continue;
        }
        Optional<RuleParam.Type> t = RuleParam.Type.parse(typeText.get());
        if (t.isEmpty()) {
          problem(
              v.get("type").get(),
              "parameter type must be int|double|string|bool|list: " + typeText.get());
          continue;
        }
        type = t.get();
        Optional<YNode> d = v.get("default");
        if (d.isEmpty()) {
          problemAtKey(v, "type", "parameter '" + name + "' needs a default");
          continue;
        }
        def = d.get().toPlain();
        description = text(v, "description", false).orElse("");
        if (def == null || !type.accepts(def)) {
          problem(
              d.get(),
              "default of parameter '"
                  + name
                  + "' must be "
                  + type.wire()
                  + ", not "
                  + d.get().describe());
          continue;
        }
      } else {
        def = v.toPlain();
        type = inferType(def);
        if (type == null) {
          problem(v, "parameter '" + name + "' needs a default value, not " + v.describe());
          continue;
        }
      }
      out.put(name, new RuleParam(name, type, type.normalise(def), description));
    }
    return out;
  }

  private static RuleParam.Type inferType(Object v) {
    if (v instanceof Long) {
      return RuleParam.Type.INT;
    }
    if (v instanceof Double) {
      return RuleParam.Type.DOUBLE;
    }
    if (v instanceof String) {
      return RuleParam.Type.STRING;
    }
    if (v instanceof Boolean) {
      return RuleParam.Type.BOOL;
    }
    if (RuleParam.Type.LIST.accepts(v)) {
      return RuleParam.Type.LIST;
    }
    return null;
  }

  private List<String> facts(YNode n, Set<String> used) {
    Optional<YNode> f = n.get("facts");
    if (f.isEmpty()) {
      if (used.isEmpty() && n.get("check").isPresent()) {
        problemAtKey(
            n, "check", "the rule reads no fact: its verdict could not depend on a target");
      }
      return List.copyOf(used);
    }
    List<String> declared = new ArrayList<>();
    for (YNode item : f.get().isList() ? f.get().items() : List.of(f.get())) {
      if (!(item.scalar() instanceof String s)) {
        problem(item, "a fact name must be text like host.sshd");
        continue;
      }
      if (!KnownFacts.names().contains(s)) {
        problem(item, "unknown fact '" + s + "'" + Suggest.hint(s, KnownFacts.names()));
        continue;
      }
      declared.add(s);
    }
    for (String u : used) {
      if (!declared.contains(u) && KnownFacts.names().contains(u)) {
        problem(f.get(), "fact '" + u + "' is read by an expression but not listed in 'facts'");
      }
    }
    return declared;
  }

  private Optional<Program> expr(
      YNode n,
      String key,
      boolean required,
      boolean forEach,
      Map<String, RuleParam> params,
      Set<String> usedFacts) {
    Optional<YNode> node = n.get(key);
    if (node.isEmpty()) {
      if (required) {
        problem(n, "missing required field '" + key + "'");
      }
      return Optional.empty();
    }
    if (!(node.get().scalar() instanceof String text)) {
      problem(
          node.get(),
          "'" + key + "' must be a CEL expression (text), not " + node.get().describe());
      return Optional.empty();
    }
    return compile(node.get(), text, 1, 0, forEach, params, usedFacts);
  }

  /**
   * Compiles an expression found in a scalar at (lineInScalar, colInScalar), mapping CEL positions
   * into the file.
   */
  private Optional<Program> compile(
      YNode node,
      String expression,
      int lineInScalar,
      int colInScalar,
      boolean forEach,
      Map<String, RuleParam> params,
      Set<String> usedFacts) {
    CelEngine.Compiled c = CelEngine.get().compile(expression, forEach);
    for (CelEngine.Issue i : c.issues()) {
      problemAt(node, lineInScalar, colInScalar, i.line(), i.column(), i.message());
    }
    for (CelEngine.Ref r : c.facts()) {
      if (!KnownFacts.names().contains(r.name())) {
        problemAt(
            node,
            lineInScalar,
            colInScalar,
            r.line(),
            r.column(),
            "unknown fact '" + r.name() + "'" + Suggest.hint(r.name(), KnownFacts.names()));
      } else {
        usedFacts.add(r.name());
      }
    }
    for (CelEngine.Ref r : c.bareFamilies()) {
      problemAt(
          node,
          lineInScalar,
          colInScalar,
          r.line(),
          r.column(),
          "read a fact as " + r.name() + ".<fact>, not the whole family '" + r.name() + "'");
    }
    for (CelEngine.Ref r : c.params()) {
      if (!params.containsKey(r.name())) {
        problemAt(
            node,
            lineInScalar,
            colInScalar,
            r.line(),
            r.column(),
            "unknown parameter '" + r.name() + "'" + Suggest.hint(r.name(), params.keySet()));
      }
    }
    return c.program();
  }

  /** Splits a text with ${cel} placeholders into literal strings and compiled programs. */
  private List<Object> template(
      YNode node, String text, boolean forEach, Map<String, RuleParam> params, Set<String> used) {
    List<Object> parts = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      if (start < 0) {
        parts.add(text.substring(i));
        break;
      }
      if (start > i) {
        parts.add(text.substring(i, start));
      }
      int end = closing(text, start + 2);
      int[] lc = lineCol(text, start + 2);
      if (end < 0) {
        problemAt(node, lc[0], lc[1], 1, 0, "unclosed '${' in template");
        return List.of();
      }
      compile(node, text.substring(start + 2, end), lc[0], lc[1], forEach, params, used)
          .ifPresent(parts::add);
      i = end + 1;
    }
    return parts;
  }

  private static int closing(String text, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quote != 0) {
        if (ch == '\\') {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '{') {
        depth++;
      } else if (ch == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  /** 1-based line and 0-based column of an offset in a text. */
  private static int[] lineCol(String text, int offset) {
    int line = 1;
    int col = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 0;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }

  Optional<String> text(YNode n, String key, boolean required) {
    Optional<YNode> v = n.get(key);
    if (v.isEmpty() || v.get().isNull()) {
      if (required) {
        problem(n, "missing required field '" + key + "'");
      }
      return Optional.empty();
    }
    Object s = v.get().scalar();
    if (!v.get().isScalar()) {
      problem(v.get(), "'" + key + "' must be text, not " + v.get().describe());
      return Optional.empty();
    }
    return Optional.of(String.valueOf(s));
  }

  private void problem(YNode n, String message) {
    problems.add(new Problem(file, n.line(), n.column(), message));
  }

  private void problemAtKey(YNode map, String key, String message) {
    int[] pos = map.keyPosition(key);
    problems.add(new Problem(file, pos[0], pos[1], message));
  }

  /**
   * A problem at a position inside a scalar's text: (scalarLine, scalarCol) is where the expression
   * starts in the scalar (1-based line, 0-based col), (line, col) the position CEL reported inside
   * the expression.
   */
  private void problemAt(
      YNode node, int scalarLine, int scalarCol, int line, int col, String message) {
    int textLine = scalarLine + line - 1;
    int textCol = line == 1 ? scalarCol + col : col;
    int[] pos = filePosition(node, textLine, textCol);
    problems.add(new Problem(file, pos[0], pos[1], message));
  }

  /** Maps (line from 1, column from 0) inside a scalar's value to the file's line:col. */
  int[] filePosition(YNode node, int textLine, int textCol) {
    int line = node.line();
    int col = node.column();
    String raw = line - 1 < lines.length ? lines[line - 1] : "";
    char c = col - 1 >= 0 && col - 1 < raw.length() ? raw.charAt(col - 1) : ' ';
    if (c == '|' || c == '>') {
      int fileLine = line + textLine;
      int indent = 0;
      for (int l = line; l < lines.length; l++) {
        if (!lines[l].isBlank()) {
          indent = lines[l].length() - lines[l].stripLeading().length();
          break;
        }
      }
      return new int[] {fileLine, indent + textCol + 1};
    }
    int quote = c == '"' || c == '\'' ? 1 : 0;
    if (textLine == 1) {
      return new int[] {line, col + quote + textCol};
    }
    return new int[] {line + textLine - 1, textCol + 1};
  }
}
