package dev.vigil.rules;

import com.google.protobuf.Timestamp;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.Status;
import dev.vigil.core.TargetKind;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.rules.cel.CelEngine;
import dev.vigil.rules.internal.CompiledRule;
import dev.vigil.rules.internal.Render;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the rules of a profile against one snapshot and applies waivers. Thread-safe: one
 * evaluator serves every target of a run.
 *
 * <p>Per rule: a needed fact in state error makes the finding {@code error} with the fact's reason;
 * absent makes it {@code notapplicable} (or {@code error} when the rule says {@code missing:
 * error}); not collected at all makes it {@code notchecked}. Then {@code when} false is {@code
 * notapplicable}; {@code check} true is {@code pass}, false {@code fail}; anything else (a CEL
 * runtime error, a non-boolean result, an exceeded cost budget) is {@code error} with the message.
 * Nothing is ever {@code pass} by default.
 */
public final class Evaluator {
  private final List<Bound> rules;
  private final Waivers waivers;
  private final Clock clock;

  /**
   * A compiled rule with the parameter values of the profile, and its expected text when that
   * depends on parameters only (most do): rendered once instead of per finding.
   */
  private record Bound(CompiledRule rule, Map<String, Object> params, Optional<String> expected) {}

  public Evaluator(RuleSet rules, Profile profile, Waivers waivers, Clock clock) {
    List<Bound> bound = new ArrayList<>();
    for (CompiledRule r : rules.compiled()) {
      if (!profile.enabled(r.rule().id())) {
        continue;
      }
      Map<String, Object> params = new HashMap<>();
      for (RuleParam p : r.rule().params()) {
        params.put(p.name(), profile.parameter(p.name()).orElse(p.defaultValue()));
      }
      Map<String, Object> p = Collections.unmodifiableMap(params);
      bound.add(new Bound(r, p, constantExpected(r, p)));
    }
    this.rules = List.copyOf(bound);
    this.waivers = waivers;
    this.clock = clock;
  }

  /** The expected text if it can be rendered from parameters alone, without any fact. */
  private static Optional<String> constantExpected(CompiledRule r, Map<String, Object> params) {
    if (r.expected().isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    for (Object part : r.expected()) {
      if (part instanceof String s) {
        sb.append(s);
        continue;
      }
      try {
        Object v =
            ((Program) part)
                .eval(
                    name -> name.equals(CelEngine.PARAMS) ? Optional.of(params) : Optional.empty());
        while (v instanceof Optional<?> o && o.isPresent()) {
          v = o.get();
        }
        sb.append(Render.value(v));
      } catch (CelEvaluationException | RuntimeException e) {
        return Optional.empty(); // reads a fact, the item or the time: rendered per finding
      }
    }
    return Optional.of(sb.toString().strip());
  }

  /** How many rules this evaluator runs per snapshot. */
  public int ruleCount() {
    return rules.size();
  }

  /** One finding per rule (per resource for forEach rules); never throws for a bad fact. */
  public List<Finding> evaluate(Snapshot snapshot) {
    Instant now = clock.instant();
    Vars base = Vars.of(snapshot, now);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List<Finding> out = new ArrayList<>();
    for (Bound b : rules) {
      for (Finding f : evaluate(b, snapshot, base)) {
        out.add(waivers.isEmpty() ? f : waivers.apply(f, snapshot.target(), today));
      }
    }
    return out;
  }

  /** The CEL variables of one snapshot: one map per family of the facts that are OK, and now. */
  private record Vars(Map<String, Object> families, Timestamp now) {
    static Vars of(Snapshot snapshot, Instant now) {
      Map<String, Map<String, Object>> fam = new HashMap<>();
      for (String f : CelEngine.FAMILIES) {
        fam.put(f, new HashMap<>());
      }
      for (Fact fact : snapshot.facts().values()) {
        if (fact.state() != FactState.OK) {
          continue;
        }
        int dot = fact.name().indexOf('.');
        Map<String, Object> m = fam.get(fact.name().substring(0, dot));
        if (m != null) {
          m.put(fact.name().substring(dot + 1), fact.value());
        }
      }
      Map<String, Object> families = new HashMap<>();
      fam.forEach((k, v) -> families.put(k, Collections.unmodifiableMap(v)));
      return new Vars(
          Collections.unmodifiableMap(families),
          Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build());
    }

    Optional<Object> resolve(String name, Map<String, Object> params, Object item) {
      return switch (name) {
        case CelEngine.PARAMS -> Optional.of(params);
        case CelEngine.NOW -> Optional.of(now);
        case CelEngine.ITEM -> Optional.ofNullable(item);
        default -> Optional.ofNullable(families.get(name));
      };
    }
  }

  private static final Object NO_ITEM = null;

  private List<Finding> evaluate(Bound b, Snapshot snapshot, Vars vars) {
    CompiledRule cr = b.rule();
    Rule rule = cr.rule();
    String target = snapshot.target().name();
    List<Provenance> evidence = new ArrayList<>();
    Set<Provenance> seen = new LinkedHashSet<>();
    Status gate = null;
    StringBuilder why = new StringBuilder();
    Status worst = null;
    for (String name : rule.facts()) {
      Optional<Fact> fact = snapshot.fact(name);
      if (fact.isEmpty()) {
        boolean tlsFact = name.startsWith("tls.");
        boolean tlsTarget = snapshot.target().kind() == TargetKind.TLS;
        worst =
            tlsFact == tlsTarget
                ? rank(worst, Status.NOTCHECKED, why, name + " was not collected")
                : rank(
                    worst,
                    Status.NOTAPPLICABLE,
                    why,
                    name
                        + (tlsFact
                            ? " is only collected for TLS endpoints (tls://host:port)"
                            : " is not collected for TLS endpoints"));
        continue;
      }
      for (Provenance p : fact.get().provenance()) {
        if (seen.add(p)) {
          evidence.add(p);
        }
      }
      Fact f = fact.get();
      String reason = name + ": " + f.reason().orElse(f.state().wire());
      if (f.state() == FactState.ERROR) {
        worst = rank(worst, Status.ERROR, why, reason);
      } else if (f.state() == FactState.ABSENT) {
        worst =
            rank(worst, rule.missingIsError() ? Status.ERROR : Status.NOTAPPLICABLE, why, reason);
      }
    }
    gate = worst;
    Finding.Builder host = base(rule, target, ResourceRef.host(), evidence);
    if (gate != null) {
      return List.of(host.status(gate).message(why.toString()).build());
    }
    Map<String, Object> params = b.params();
    if (cr.when().isPresent()) {
      Result w = run(cr.when().get(), vars, params, NO_ITEM);
      if (w.error != null) {
        return List.of(host.status(Status.ERROR).message("when: " + w.error).build());
      }
      if (!(w.value instanceof Boolean ok)) {
        return List.of(
            host.status(Status.ERROR)
                .message("when: expected a bool, got " + Render.value(w.value))
                .build());
      }
      if (!ok) {
        return List.of(
            host.status(Status.NOTAPPLICABLE)
                .message("not applicable: " + rule.when().orElse(""))
                .build());
      }
    }
    if (cr.forEach().isEmpty()) {
      return List.of(check(b, host, vars, NO_ITEM));
    }
    Result items = run(cr.forEach().get(), vars, params, NO_ITEM);
    if (items.error != null) {
      return List.of(host.status(Status.ERROR).message("forEach: " + items.error).build());
    }
    if (!(items.value instanceof List<?> list)) {
      return List.of(
          host.status(Status.ERROR)
              .message("forEach: expected a list, got " + Render.value(items.value))
              .build());
    }
    if (list.isEmpty()) {
      return List.of(
          rule.onEmptyPass()
              ? host.status(Status.PASS)
                  .observed("no " + rule.resourceType())
                  .expected(expectedText(b, vars, NO_ITEM))
                  .build()
              : host.status(Status.NOTAPPLICABLE)
                  .message("no " + rule.resourceType() + " to check")
                  .build());
    }
    List<Finding> out = new ArrayList<>(list.size());
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (Object item : list) {
      String id;
      Result r = run(cr.resourceId().orElseThrow(), vars, params, item);
      id = r.error != null ? "#" + index : Render.value(r.value);
      if (!ids.add(id)) {
        id = id + "#" + index;
        ids.add(id);
      }
      index++;
      Finding.Builder fb = base(rule, target, new ResourceRef(rule.resourceType(), id), evidence);
      out.add(check(b, fb, vars, item));
    }
    return out;
  }

  private static Status rank(Status worst, Status s, StringBuilder why, String reason) {
    if (why.length() > 0) {
      why.append("; ");
    }
    why.append(reason);
    if (worst == null) {
      return s;
    }
    List<Status> order = List.of(Status.ERROR, Status.NOTAPPLICABLE, Status.NOTCHECKED);
    return order.indexOf(s) < order.indexOf(worst) ? s : worst;
  }

  private static Finding.Builder base(
      Rule rule, String target, ResourceRef resource, List<Provenance> evidence) {
    return Finding.builder(rule.id(), target, resource)
        .title(rule.title())
        .severity(rule.severity())
        .controls(rule.controls())
        .evidence(evidence)
        .remediation(rule.remediation().isEmpty() ? null : rule.remediation());
  }

  private Finding check(Bound b, Finding.Builder fb, Vars vars, Object item) {
    CompiledRule cr = b.rule();
    Map<String, Object> params = b.params();
    Result c = run(cr.check(), vars, params, item);
    if (cr.observed().isPresent()) {
      Result o = run(cr.observed().get(), vars, params, item);
      fb.observed(o.error == null ? Render.value(o.value) : "(could not render: " + o.error + ")");
    }
    fb.expected(expectedText(b, vars, item));
    if (c.error != null) {
      return fb.status(Status.ERROR).message(c.error).build();
    }
    if (!(c.value instanceof Boolean ok)) {
      return fb.status(Status.ERROR)
          .message("check: expected a bool, got " + Render.value(c.value))
          .build();
    }
    return fb.status(ok ? Status.PASS : Status.FAIL).build();
  }

  private static String expectedText(Bound b, Vars vars, Object item) {
    if (b.expected().isPresent()) {
      return b.expected().get();
    }
    CompiledRule cr = b.rule();
    Map<String, Object> params = b.params();
    if (cr.expected().isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (Object part : cr.expected()) {
      if (part instanceof String s) {
        sb.append(s);
      } else {
        Result r = run((Program) part, vars, params, item);
        sb.append(r.error == null ? Render.value(r.value) : "?");
      }
    }
    return sb.toString().strip();
  }

  private record Result(Object value, String error) {}

  private static Result run(Program p, Vars vars, Map<String, Object> params, Object item) {
    try {
      Object v = p.eval(name -> vars.resolve(name, params, item));
      // Optional chaining through dyn values can leave an optional around the result.
      while (v instanceof Optional<?> o && o.isPresent()) {
        v = o.get();
      }
      return new Result(v, null);
    } catch (CelEvaluationException e) {
      return new Result(null, message(e));
    } catch (RuntimeException e) {
      // CEL raises a few unchecked exceptions on malformed values; still an error, not a crash.
      return new Result(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static String message(CelEvaluationException e) {
    String m = e.getMessage() == null ? "evaluation failed" : e.getMessage();
    m = m.replaceFirst("^evaluation error( at rule:\\d+)?: ", "");
    return m;
  }
}
