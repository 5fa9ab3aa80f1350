package dev.vigil.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.vigil.core.facts.Provenance;
import java.util.List;
import java.util.Optional;

/**
 * One rule on one resource of one target.
 *
 * @param id stable across runs for the same (target, rule, resource): see {@link #idFor}
 * @param observed what was found, rendered for humans ({@code yes}); empty when nothing could be
 *     observed
 * @param expected what the rule requires ({@code no or prohibit-password})
 * @param message why the status is error, notapplicable or notchecked, or a rule's note
 * @param evidence the provenance of the facts the rule read
 * @param waived true only when an unexpired waiver covers a failure
 * @param waiver the waiver that matched, shown even when expired
 */
public record Finding(
    String id,
    RuleId rule,
    String title,
    String target,
    ResourceRef resource,
    Status status,
    Severity severity,
    List<ControlId> controls,
    Optional<String> observed,
    Optional<String> expected,
    Optional<String> message,
    List<Provenance> evidence,
    Optional<String> remediation,
    boolean waived,
    Optional<WaiverRef> waiver,
    Optional<Change> change) {

  public Finding {
    requireNonNull(id, "id");
    requireNonNull(rule, "rule");
    requireNonNull(title, "title");
    requireNonNull(target, "target");
    requireNonNull(resource, "resource");
    requireNonNull(status, "status");
    requireNonNull(severity, "severity");
    controls = List.copyOf(controls);
    observed = observed == null ? Optional.empty() : observed;
    expected = expected == null ? Optional.empty() : expected;
    message = message == null ? Optional.empty() : message;
    evidence = List.copyOf(evidence == null ? List.of() : evidence);
    remediation = remediation == null ? Optional.empty() : remediation;
    waiver = waiver == null ? Optional.empty() : waiver;
    change = change == null ? Optional.empty() : change;
    if (waived && (status != Status.FAIL || waiver.isEmpty() || waiver.get().expired())) {
      throw new IllegalArgumentException(
          "only a failure with an unexpired waiver can be waived: " + rule + " " + status);
    }
  }

  /** The deterministic finding id: the first 16 bytes of SHA-256 over target, rule and resource. */
  public static String idFor(String target, RuleId rule, ResourceRef resource) {
    return Digests.sha256(
            target + "\u0000" + rule + "\u0000" + resource.type() + "\u0000" + resource.id())
        .substring(0, 32);
  }

  /** A failure that is not waived: what counts against the target and toward the exit code. */
  @JsonIgnore
  public boolean isOpenFailure() {
    return status == Status.FAIL && !waived;
  }

  public Finding withWaiver(WaiverRef ref) {
    boolean nowWaived = status == Status.FAIL && !ref.expired();
    return new Finding(
        id,
        rule,
        title,
        target,
        resource,
        status,
        severity,
        controls,
        observed,
        expected,
        message,
        evidence,
        remediation,
        nowWaived,
        Optional.of(ref),
        change);
  }

  public Finding withChange(Change c) {
    return new Finding(
        id,
        rule,
        title,
        target,
        resource,
        status,
        severity,
        controls,
        observed,
        expected,
        message,
        evidence,
        remediation,
        waived,
        waiver,
        Optional.of(c));
  }

  public static Builder builder(RuleId rule, String target, ResourceRef resource) {
    return new Builder(rule, target, resource);
  }

  /** For the many optional fields; {@link #build} validates like the constructor. */
  public static final class Builder {
    private final RuleId rule;
    private final String target;
    private final ResourceRef resource;
    private String title = "";
    private Status status = Status.UNKNOWN;
    private Severity severity = Severity.MEDIUM;
    private List<ControlId> controls = List.of();
    private Optional<String> observed = Optional.empty();
    private Optional<String> expected = Optional.empty();
    private Optional<String> message = Optional.empty();
    private List<Provenance> evidence = List.of();
    private Optional<String> remediation = Optional.empty();

    private Builder(RuleId rule, String target, ResourceRef resource) {
      this.rule = requireNonNull(rule, "rule");
      this.target = requireNonNull(target, "target");
      this.resource = requireNonNull(resource, "resource");
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public Builder status(Status v) {
      status = v;
      return this;
    }

    public Builder severity(Severity v) {
      severity = v;
      return this;
    }

    public Builder controls(List<ControlId> v) {
      controls = v;
      return this;
    }

    public Builder observed(String v) {
      observed = Optional.ofNullable(v);
      return this;
    }

    public Builder expected(String v) {
      expected = Optional.ofNullable(v);
      return this;
    }

    public Builder message(String v) {
      message = Optional.ofNullable(v);
      return this;
    }

    public Builder evidence(List<Provenance> v) {
      evidence = v;
      return this;
    }

    public Builder remediation(String v) {
      remediation = Optional.ofNullable(v);
      return this;
    }

    public Finding build() {
      return new Finding(
          idFor(target, rule, resource),
          rule,
          title,
          target,
          resource,
          status,
          severity,
          controls,
          observed,
          expected,
          message,
          evidence,
          remediation,
          false,
          Optional.empty(),
          Optional.empty());
    }
  }
}
