package dev.vigil.rules;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.ControlId;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rule as written in its pack (the compiled expressions are kept by the {@link RuleSet}).
 *
 * @param references other frameworks' ids kept as data ({@code cis: [5.1.20]}, {@code stig:
 *     [RHEL-09-255045]})
 * @param facts the facts the rule reads; a fact that is absent makes it notapplicable (or error
 *     when {@code missingIsError}), a fact in error makes it error
 * @param forEach a CEL expression yielding the resources to check one by one, bound to {@code item}
 * @param resourceType the type of those resources ({@code account}); {@code host} without forEach
 * @param resourceId a CEL expression naming one resource ({@code item.name})
 * @param observed a CEL expression rendered into every finding
 * @param expected a text with {@code ${cel}} placeholders rendered into every finding
 * @param onEmptyPass whether a forEach over nothing passes (else notapplicable)
 * @param source {@code file:line} where the rule is defined
 */
public record Rule(
    RuleId id,
    String title,
    String description,
    String rationale,
    Severity severity,
    List<ControlId> controls,
    Map<String, List<String>> references,
    List<String> facts,
    boolean missingIsError,
    Optional<String> when,
    Optional<String> forEach,
    String resourceType,
    Optional<String> resourceId,
    String check,
    Optional<String> observed,
    Optional<String> expected,
    String remediation,
    List<RuleParam> params,
    boolean onEmptyPass,
    String source) {
  public Rule {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(severity, "severity");
    requireNonNull(check, "check");
    controls = List.copyOf(controls);
    references = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(references));
    facts = List.copyOf(facts);
    params = List.copyOf(params);
  }

  public Optional<RuleParam> param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
