package dev.vigil.index.internal;

import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.ControlResult;
import dev.vigil.core.Digests;
import dev.vigil.core.Finding;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Maps vigil's model to Elasticsearch documents that follow the Elastic Common Schema and Elastic's
 * own posture findings ({@code event.kind: state}, {@code result.evaluation}, ...). Optional fields
 * that are absent are written as explicit nulls, so that a partial update of the latest-state
 * document clears a value that the previous run had (a waiver that was removed).
 */
public final class Documents {
  public static final String ECS_VERSION = "8.17.0";

  private Documents() {}

  /** The history document id: one per finding per run, so a replay cannot duplicate it. */
  public static String historyId(String runId, String findingId) {
    return Digests.sha256(runId + "\u0000" + findingId).substring(0, 32);
  }

  /** The ECS outcome of a status, as Elastic's posture findings map their evaluation. */
  public static String outcome(Status status) {
    switch (status) {
      case PASS:
        return "success";
      case FAIL:
        return "failure";
      default:
        return "unknown";
    }
  }

  /** {@code passed}/{@code failed} like Elastic's findings; other statuses keep their own word. */
  public static String evaluation(Status status) {
    switch (status) {
      case PASS:
        return "passed";
      case FAIL:
        return "failed";
      default:
        return status.wire();
    }
  }

  /** ECS {@code event.severity} is numeric; vigil's severities spread over 1..5. */
  public static int severityNumber(Severity s) {
    return s.ordinal() + 1;
  }

  /** When each target was observed: the start of its snapshot, or the run's start. */
  public static Map<String, Instant> observedAt(Assessment a, List<Snapshot> snapshots) {
    Map<String, Instant> at = new HashMap<>();
    for (Snapshot s : snapshots) {
      at.putIfAbsent(s.target().name(), s.startedAt());
    }
    return at;
  }

  /** The ECS host object of each target, from its snapshot where the facts tell more. */
  public static Map<String, Map<String, Object>> hosts(Assessment a, List<Snapshot> snapshots) {
    Map<String, Map<String, Object>> hosts = new HashMap<>();
    for (Target t : a.targets()) {
      hosts.put(t.name(), host(t.name(), Optional.empty()));
    }
    for (Snapshot s : snapshots) {
      hosts.put(s.target().name(), host(s.target().name(), Optional.of(s)));
    }
    return hosts;
  }

  private static Map<String, Object> host(String name, Optional<Snapshot> snapshot) {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("name", name);
    if (snapshot.isPresent()) {
      // Best effort: collectors that describe the operating system name it host.os or
      // host.os_release; the fields follow os-release(5).
      for (String factName : List.of("host.os", "host.os_release")) {
        Optional<Fact> fact = snapshot.get().fact(factName);
        if (fact.isPresent() && fact.get().isOk() && fact.get().value() instanceof Map) {
          Map<?, ?> v = (Map<?, ?>) fact.get().value();
          Map<String, Object> os = new LinkedHashMap<>();
          copyString(v, "name", os, "name");
          copyString(v, "NAME", os, "name");
          copyString(v, "version_id", os, "version");
          copyString(v, "VERSION_ID", os, "version");
          copyString(v, "pretty_name", os, "full");
          copyString(v, "PRETTY_NAME", os, "full");
          copyString(v, "id", os, "platform");
          copyString(v, "ID", os, "platform");
          copyString(v, "kernel", os, "kernel");
          copyString(v, "family", os, "family");
          if (!os.isEmpty()) {
            os.putIfAbsent("type", "linux");
            host.put("os", os);
          }
          Object hostname = v.get("hostname");
          if (hostname instanceof String) {
            host.put("hostname", hostname);
          }
          break;
        }
      }
    }
    return host;
  }

  private static void copyString(Map<?, ?> from, String key, Map<String, Object> to, String as) {
    Object v = from.get(key);
    if (v instanceof String && !((String) v).isEmpty()) {
      to.putIfAbsent(as, v);
    }
  }

  /**
   * The history document of one finding, without {@code vigil.first_seen} and the other
   * latest-state fields, which are resolved against the latest-state index when it is written.
   */
  public static Map<String, Object> finding(
      Assessment a,
      Finding f,
      Instant observed,
      Map<String, Object> host,
      Map<String, String> labels,
      String targetKind) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", observed.toString());
    String evaluation = evaluation(f.status());
    doc.put("message", "Rule \"" + f.title() + "\": " + evaluation);
    doc.put("ecs", Map.of("version", ECS_VERSION));
    if (!labels.isEmpty()) {
      doc.put("labels", labels);
    }

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("kind", "state");
    event.put("category", List.of("configuration"));
    event.put("type", List.of("info"));
    event.put("outcome", outcome(f.status()));
    event.put("id", historyId(a.runId(), f.id()));
    event.put("dataset", "vigil.findings");
    event.put("module", "vigil");
    event.put("severity", severityNumber(f.severity()));
    event.put("created", a.finishedAt().toString());
    doc.put("event", event);

    doc.put("host", host);

    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", f.rule().value());
    rule.put("name", f.title().isEmpty() ? f.rule().value() : f.title());
    rule.put("remediation", f.remediation().orElse(null));
    rule.put("ruleset", a.profile());
    List<String> controls = new ArrayList<>();
    TreeSet<String> families = new TreeSet<>();
    for (ControlId c : f.controls()) {
      controls.add(c.toString());
      families.add(c.family());
    }
    rule.put("tags", controls);
    Map<String, Object> benchmark = new LinkedHashMap<>();
    benchmark.put("id", "nist_sp_800_53_r5");
    benchmark.put("name", "NIST SP 800-53 Rev 5");
    benchmark.put("version", "5.2.0");
    benchmark.put("posture_type", "vigil");
    rule.put("benchmark", benchmark);
    doc.put("rule", rule);

    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("id", f.target() + ":" + f.resource().type() + ":" + f.resource().id());
    resource.put("name", f.resource().isHost() ? f.target() : f.resource().id());
    resource.put("type", f.resource().type());
    doc.put("resource", resource);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("evaluation", evaluation);
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("observed", f.observed().orElse(null));
    List<Map<String, Object>> sources = new ArrayList<>(f.evidence().size());
    for (Provenance p : f.evidence()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("kind", p.kind().wire());
      s.put("source", p.source());
      p.sha256().ifPresent(d -> s.put("sha256", d));
      s.put("bytes", p.bytes());
      s.put("read_at", p.readAt().toString());
      sources.add(s);
    }
    evidence.put("sources", sources);
    result.put("evidence", evidence);
    result.put("expected", f.expected().map(e -> Map.<String, Object>of("value", e)).orElse(null));
    doc.put("result", result);

    Map<String, Object> vigil = new LinkedHashMap<>();
    vigil.put("run_id", a.runId());
    vigil.put("finding_id", f.id());
    vigil.put("target", f.target());
    vigil.put("target_kind", targetKind);
    vigil.put("profile", a.profile());
    vigil.put("tool_version", a.toolVersion());
    vigil.put("status", f.status().wire());
    vigil.put("severity", f.severity().wire());
    vigil.put("controls", controls);
    vigil.put("control_families", new ArrayList<>(families));
    vigil.put("change", f.change().map(c -> c.wire()).orElse(null));
    vigil.put("observed", f.observed().orElse(null));
    vigil.put("expected", f.expected().orElse(null));
    vigil.put("message", f.message().orElse(null));
    vigil.put("waived", f.waived());
    vigil.put(
        "waiver",
        f.waiver()
            .map(
                w -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", w.id());
                  m.put("owner", w.owner());
                  m.put("justification", w.justification());
                  m.put("expires", w.expires().toString());
                  m.put("expired", w.expired());
                  return m;
                })
            .orElse(null));
    doc.put("vigil", vigil);
    return doc;
  }

  /** The runs-index document of one run. */
  public static Map<String, Object> run(
      Assessment a, Optional<String> manifestSha256, Optional<String> manifestSignature) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", a.startedAt().toString());
    Map<Status, Integer> counts = a.countsByStatus();
    long openFailures = a.findings().stream().filter(Finding::isOpenFailure).count();
    doc.put(
        "message",
        "vigil run "
            + a.runId()
            + ": "
            + a.findings().size()
            + " findings, "
            + openFailures
            + " open failures");
    doc.put("ecs", Map.of("version", ECS_VERSION));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("kind", "event");
    event.put("category", List.of("configuration"));
    event.put("type", List.of("info"));
    event.put("outcome", a.targetErrors().isEmpty() ? "success" : "failure");
    event.put("dataset", "vigil.runs");
    event.put("module", "vigil");
    event.put("start", a.startedAt().toString());
    event.put("end", a.finishedAt().toString());
    event.put("duration", Duration.between(a.startedAt(), a.finishedAt()).toNanos());
    doc.put("event", event);

    Map<String, Object> vigil = new LinkedHashMap<>();
    vigil.put("run_id", a.runId());
    vigil.put("profile", a.profile());
    vigil.put("tool_version", a.toolVersion());
    List<String> targets = new ArrayList<>();
    for (Target t : a.targets()) {
      targets.add(t.name());
    }
    vigil.put("targets", targets);
    List<Map<String, Object>> errors = new ArrayList<>();
    a.targetErrors().forEach(e -> errors.add(Map.of("target", e.target(), "reason", e.reason())));
    vigil.put("target_errors", errors);
    vigil.put("parameters", new LinkedHashMap<>(a.parameters()));
    Map<String, Object> c = new LinkedHashMap<>();
    for (Map.Entry<Status, Integer> e : counts.entrySet()) {
      c.put(e.getKey().wire(), e.getValue());
    }
    c.put("waived", a.waivedCount());
    c.put("open_failures", openFailures);
    c.put("total", a.findings().size());
    vigil.put("counts", c);
    Map<String, Integer> byControlStatus = new LinkedHashMap<>();
    Map<dev.vigil.core.ControlStatus, Integer> cs =
        new EnumMap<>(dev.vigil.core.ControlStatus.class);
    for (ControlResult r : a.controls()) {
      cs.merge(r.status(), 1, Integer::sum);
    }
    for (dev.vigil.core.ControlStatus s : dev.vigil.core.ControlStatus.values()) {
      byControlStatus.put(s.wire().replace('-', '_'), cs.getOrDefault(s, 0));
    }
    vigil.put("controls", byControlStatus);
    vigil.put("worst_open_failure", a.worstOpenFailure().map(Severity::wire).orElse(null));
    if (manifestSha256.isPresent()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sha256", manifestSha256.get());
      m.put("signature", manifestSignature.orElse(null));
      vigil.put("manifest", m);
    }
    doc.put("vigil", vigil);
    return doc;
  }

  /** Lower-case kind of a target for {@code vigil.target_kind}. */
  public static String kind(Target t) {
    return t.kind().name().toLowerCase(Locale.ROOT);
  }
}
