package dev.vigil.rules;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.ControlId;
import dev.vigil.rules.internal.CompiledRule;
import dev.vigil.rules.internal.PackLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Loaded, validated and compiled rules. Immutable and thread-safe. */
public final class RuleSet {
  /** The built-in packs, in the order they are loaded. */
  static final List<String> BUILT_IN_PACKS =
      List.of(
          "sshd",
          "login-defs",
          "pam",
          "accounts",
          "sudo",
          "files",
          "kernel",
          "services",
          "mounts",
          "logging",
          "certificates",
          "tls");

  private final List<CompiledRule> rules;
  private final Map<String, CompiledRule> byId;
  private final SortedMap<String, RuleParam> parameters;

  private RuleSet(List<CompiledRule> rules) {
    List<CompiledRule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparing(r -> r.rule().id()));
    this.rules = List.copyOf(sorted);
    Map<String, CompiledRule> m = new LinkedHashMap<>();
    SortedMap<String, RuleParam> p = new TreeMap<>();
    for (CompiledRule r : this.rules) {
      m.put(r.rule().id().value(), r);
      for (RuleParam param : r.rule().params()) {
        p.putIfAbsent(param.name(), param);
      }
    }
    this.byId = Collections.unmodifiableMap(m);
    this.parameters = Collections.unmodifiableSortedMap(p);
  }

  private static final class BuiltIn {
    static final RuleSet INSTANCE = loadBuiltIn();
  }

  /** The built-in rule packs (compiled once per JVM). */
  public static RuleSet builtIn() {
    return BuiltIn.INSTANCE;
  }

  /**
   * Writes the CEL cache of the built-in packs ({@code
   * rules/src/main/resources/dev/vigil/rules/cel-cache.bin}); run after changing a built-in pack.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println(
          "usage: RuleSet OUTPUT_FILE   (writes the CEL cache of the built-in packs)");
      System.exit(2);
    }
    Files.write(Path.of(args[0]), builtInCelCache());
  }

  /** The CEL cache file content for the built-in packs, compiled afresh. */
  public static byte[] builtInCelCache() {
    return dev.vigil.rules.cel.CelCache.generate(RuleSet::loadBuiltIn);
  }

  /**
   * Starts loading the built-in packs (and the control index) on a background daemon thread, so
   * that the work overlaps with argument parsing and collection. Call it first thing in {@code
   * main}; {@link #builtIn()} then returns at once or waits for the load to finish. Idempotent.
   */
  public static void preload() {
    Thread t = new Thread(RuleSet::builtIn, "vigil-rules-preload");
    t.setDaemon(true);
    t.start();
  }

  private static RuleSet loadBuiltIn() {
    List<Problem> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    // The packs are independent: load them on both cores (CEL and the catalog are thread-safe).
    List<Source> sources = builtInSources();
    List<List<CompiledRule>> perPack =
        sources.parallelStream()
            .map(s -> PackLoader.load(s.name(), s.text(), ControlCatalog.builtIn(), problems))
            .toList();
    List<CompiledRule> rules = new ArrayList<>();
    perPack.forEach(rules::addAll);
    validateTogether(rules, problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "built-in rule packs are invalid:\n" + new RuleLoadException(problems).getMessage());
    }
    return new RuleSet(rules);
  }

  record Source(String name, String text) {}

  static List<Source> builtInSources() {
    List<Source> out = new ArrayList<>();
    for (String pack : BUILT_IN_PACKS) {
      String resource = "/rules/" + pack + ".yaml";
      try (InputStream in = RuleSet.class.getResourceAsStream(resource)) {
        if (in == null) {
          continue;
        }
        out.add(new Source("builtin:" + pack + ".yaml", new String(in.readAllBytes(), UTF8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /**
   * Loads rule packs from files or directories of {@code *.yaml}, with or without the built-in
   * packs; validates everything and reports every problem at once.
   */
  public static RuleSet load(List<Path> paths, boolean withBuiltIn) throws RuleLoadException {
    List<Problem> problems = new ArrayList<>();
    List<CompiledRule> rules = new ArrayList<>();
    if (withBuiltIn) {
      rules.addAll(builtIn().rules);
    }
    for (Path file : packFiles(paths, problems)) {
      String text;
      try {
        text = Files.readString(file, UTF8);
      } catch (IOException e) {
        problems.add(new Problem(file.toString(), 1, 1, "cannot read: " + e.getMessage()));
        continue;
      }
      rules.addAll(PackLoader.load(file.toString(), text, ControlCatalog.builtIn(), problems));
    }
    validateTogether(rules, problems);
    if (!problems.isEmpty()) {
      throw new RuleLoadException(problems);
    }
    return new RuleSet(rules);
  }

  /** Every problem of the given packs (files or directories), without loading them for use. */
  public static List<Problem> lint(List<Path> paths) {
    try {
      load(paths, false);
      return List.of();
    } catch (RuleLoadException e) {
      return e.problems();
    }
  }

  static List<Path> packFiles(List<Path> paths, List<Problem> problems) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .filter(Files::isRegularFile)
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          problems.add(new Problem(p.toString(), 1, 1, "cannot list: " + e.getMessage()));
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        problems.add(new Problem(p.toString(), 1, 1, "no such rule pack file or directory"));
      }
    }
    return out;
  }

  /** Checks across packs: unique ids, one meaning per parameter name. */
  private static void validateTogether(List<CompiledRule> rules, List<Problem> problems) {
    Map<String, CompiledRule> seen = new LinkedHashMap<>();
    Map<String, CompiledRule> paramOwner = new TreeMap<>();
    for (CompiledRule r : rules) {
      String id = r.rule().id().value();
      CompiledRule first = seen.putIfAbsent(id, r);
      if (first != null && !sameFile(first, r)) {
        problems.add(
            at(
                r,
                "duplicate rule id '" + id + "' (first defined at " + first.rule().source() + ")"));
      }
      for (RuleParam p : r.rule().params()) {
        CompiledRule owner = paramOwner.putIfAbsent(p.name(), r);
        if (owner == null) {
          continue;
        }
        RuleParam other = owner.rule().param(p.name()).orElseThrow();
        if (other.type() != p.type() || !other.defaultValue().equals(p.defaultValue())) {
          problems.add(
              at(
                  r,
                  "parameter '"
                      + p.name()
                      + "' is "
                      + p.type().wire()
                      + " = "
                      + RuleParam.render(p.defaultValue())
                      + " here but "
                      + other.type().wire()
                      + " = "
                      + RuleParam.render(other.defaultValue())
                      + " in rule "
                      + owner.rule().id()
                      + ": a parameter name means one thing"));
        }
      }
    }
  }

  private static boolean sameFile(CompiledRule a, CompiledRule b) {
    String sa = a.rule().source();
    String sb = b.rule().source();
    return sa.substring(0, sa.lastIndexOf(':')).equals(sb.substring(0, sb.lastIndexOf(':')));
  }

  private static Problem at(CompiledRule r, String message) {
    String src = r.rule().source();
    int colon = src.lastIndexOf(':');
    int line = 1;
    try {
      line = Integer.parseInt(src.substring(colon + 1));
    } catch (NumberFormatException e) {
      colon = src.length();
    }
    return new Problem(src.substring(0, colon), line, 1, message);
  }

  /** Rules in id order. */
  public List<Rule> rules() {
    return rules.stream().map(CompiledRule::rule).toList();
  }

  public Optional<Rule> find(String id) {
    return Optional.ofNullable(byId.get(id)).map(CompiledRule::rule);
  }

  public int size() {
    return rules.size();
  }

  /** Every parameter declared by some rule, with its type and default. */
  public SortedMap<String, RuleParam> parameters() {
    return parameters;
  }

  /** The controls at least one rule maps to. */
  public Set<ControlId> controls() {
    Set<ControlId> out = new TreeSet<>();
    for (CompiledRule r : rules) {
      out.addAll(r.rule().controls());
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * The rules mapped to a control ({@code vigil controls show AC-6}); with {@code
   * withEnhancements}, also those mapped to its enhancements ({@code AC-6(2)}).
   */
  public List<Rule> rulesFor(ControlId control, boolean withEnhancements) {
    return rules.stream()
        .map(CompiledRule::rule)
        .filter(
            r ->
                r.controls().stream()
                    .anyMatch(
                        c ->
                            c.equals(control)
                                || (withEnhancements
                                    && control.enhancement().isEmpty()
                                    && c.base().equals(control))))
        .toList();
  }

  List<CompiledRule> compiled() {
    return rules;
  }

  Optional<CompiledRule> compiled(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
