package dev.vigil.rules.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment rules are compiled in: one {@code map(string, dyn)} variable per fact family
 * ({@code host}, {@code accounts}, {@code certificates}, {@code tls}), the rule's {@code params},
 * {@code now} (the evaluation time as a timestamp) and, in {@code forEach} rules, the current
 * {@code item}. Only the standard library and the pure extensions (strings, lists, sets, optional,
 * math) are available: CEL has no access to the JVM.
 *
 * <p>Cost is bounded per evaluation: at most {@link #MAX_ITERATIONS} comprehension iterations in
 * total (nested loops over large fact lists fail with an error instead of running for minutes), at
 * most {@link #MAX_EXPRESSION_SIZE} code points per expression, and bounded regex programs.
 * Thread-safe.
 */
public final class CelEngine {
  /** The fact families, each one CEL variable. */
  public static final List<String> FAMILIES = List.of("host", "accounts", "certificates", "tls");

  public static final String PARAMS = "params";
  public static final String ITEM = "item";
  public static final String NOW = "now";
  public static final int MAX_ITERATIONS = 200_000;
  public static final int MAX_EXPRESSION_SIZE = 20_000;

  private static final CelType FAMILY_TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);

  private static final CelEngine INSTANCE = new CelEngine();

  private final CelOptions options;
  private volatile CelCompiler plain;
  private volatile CelCompiler withItem;
  private final CelRuntime runtime;

  private CelEngine() {
    CelOptions options =
        CelOptions.current()
            .enableOptionalSyntax(true)
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxExpressionCodePointSize(MAX_EXPRESSION_SIZE)
            .maxRegexProgramSize(1000)
            .build();
    this.options = options;
    runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(options)
            .addLibraries(
                CelExtensions.strings(),
                CelExtensions.optional(),
                CelExtensions.lists(),
                CelExtensions.sets(options),
                CelExtensions.math(options))
            .addFunctionBindings(Functions.bindings())
            .build();
  }

  /** Compilers are built on first use: with the cache, loading the built-in packs needs none. */
  private CelCompiler compiler(boolean forEach) {
    CelCompiler c = forEach ? withItem : plain;
    if (c == null) {
      synchronized (this) {
        if (forEach && withItem == null) {
          withItem = compiler(options, true);
        } else if (!forEach && plain == null) {
          plain = compiler(options, false);
        }
        c = forEach ? withItem : plain;
      }
    }
    return c;
  }

  private static CelCompiler compiler(CelOptions options, boolean item) {
    var b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(
                CelExtensions.strings(),
                CelExtensions.optional(),
                CelExtensions.lists(),
                CelExtensions.sets(options),
                CelExtensions.math(options));
    for (String family : FAMILIES) {
      b.addVar(family, FAMILY_TYPE);
    }
    b.addFunctionDeclarations(Functions.declarations());
    b.addVar(PARAMS, FAMILY_TYPE);
    b.addVar(NOW, SimpleType.TIMESTAMP);
    if (item) {
      b.addVar(ITEM, SimpleType.DYN);
    }
    return b.build();
  }

  public static CelEngine get() {
    return INSTANCE;
  }

  /** A position inside an expression: line from 1, column from 0 (CEL's convention). */
  public record Issue(int line, int column, String message) {}

  /** A reference from an expression to a fact ({@code host.sshd}) or a parameter. */
  public record Ref(String name, int line, int column) {}

  /**
   * The outcome of compiling one expression: a program, or the issues. Also lists the facts and
   * parameters the expression reads, so unknown ones are load errors, not a silent {@code false}.
   */
  public record Compiled(
      Optional<CelRuntime.Program> program,
      List<Issue> issues,
      List<Ref> facts,
      List<Ref> params,
      List<Ref> bareFamilies) {}

  /**
   * Compiles an expression. Expressions of the built-in packs come from a cache of checked ASTs
   * ({@link CelCache}) so start-up does not parse and type-check them again; anything else is
   * compiled.
   */
  public Compiled compile(String expression, boolean forEach) {
    String key = CelCache.key(expression, forEach);
    Optional<CelAbstractSyntaxTree> cached = CelCache.lookup(key);
    if (cached.isPresent()) {
      return finish(cached.get(), new ArrayList<>());
    }
    CelValidationResult result = compiler(forEach).compile(expression, "rule");
    List<Issue> issues = new ArrayList<>();
    if (result.hasError()) {
      for (CelIssue i : result.getErrors()) {
        CelSourceLocation l = i.getSourceLocation();
        issues.add(
            new Issue(Math.max(1, l.getLine()), Math.max(0, l.getColumn()), clean(i.getMessage())));
      }
      return new Compiled(Optional.empty(), issues, List.of(), List.of(), List.of());
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      issues.add(new Issue(1, 0, clean(e.getMessage())));
      return new Compiled(Optional.empty(), issues, List.of(), List.of(), List.of());
    }
    CelCache.record(key, ast);
    return finish(ast, issues);
  }

  private Compiled finish(CelAbstractSyntaxTree ast, List<Issue> issues) {
    List<Ref> facts = new ArrayList<>();
    List<Ref> params = new ArrayList<>();
    List<Ref> bare = new ArrayList<>();
    CelSource source = ast.getSource();
    CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .forEach(n -> collectRefs(n, source, facts, params, bare));
    try {
      return new Compiled(
          Optional.of(runtime.createProgram(ast)), issues, facts, params, List.copyOf(bare));
    } catch (CelEvaluationException e) {
      issues.add(new Issue(1, 0, clean(e.getMessage())));
      return new Compiled(Optional.empty(), issues, facts, params, bare);
    }
  }

  private static void collectRefs(
      CelNavigableExpr n, CelSource source, List<Ref> facts, List<Ref> params, List<Ref> bare) {
    CelExpr e = n.expr();
    if (e.getKind() != CelExpr.ExprKind.Kind.IDENT) {
      return;
    }
    String name = e.ident().name();
    boolean family = FAMILIES.contains(name);
    if (!family && !name.equals(PARAMS)) {
      return;
    }
    Optional<CelNavigableExpr> parent = n.parent();
    int[] pos = position(source, e.id());
    if (parent.isPresent() && parent.get().getKind() == CelExpr.ExprKind.Kind.SELECT) {
      String field = parent.get().expr().select().field();
      if (family) {
        facts.add(new Ref(name + "." + field, pos[0], pos[1]));
      } else {
        params.add(new Ref(field, pos[0], pos[1]));
      }
      return;
    }
    if (family) {
      bare.add(new Ref(name, pos[0], pos[1]));
    }
  }

  private static int[] position(CelSource source, long id) {
    Integer offset = source.getPositionsMap().get(id);
    if (offset == null) {
      return new int[] {1, 0};
    }
    return source
        .getOffsetLocation(offset)
        .map(l -> new int[] {l.getLine(), l.getColumn()})
        .orElse(new int[] {1, 0});
  }

  /** CEL messages start with "ERROR: rule:1:5: ": the position is reported separately. */
  private static String clean(String message) {
    String m = message == null ? "" : message;
    m = m.replaceFirst("^ERROR: rule:\\d+:\\d+: ", "");
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Evaluates a compiled program; the variables are the families, params, now, and item. */
  public static Object eval(CelRuntime.Program program, Map<String, ?> vars)
      throws CelEvaluationException {
    return program.eval(vars);
  }
}
