package dev.vigil.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.Finding;
import dev.vigil.core.RuleId;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.facts.SourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Golden cases of rules: a directory {@code cases/<rule-id>/<case>/} holds {@code facts.json} (fact
 * name to value, or {@code {"$state": "error"|"absent", "$reason": "..."}}) and {@code
 * expected.json} (the rule's findings in order: {@code resource} as {@code host} or {@code
 * type:id}, {@code status}, and optionally {@code observed}, {@code expected}, {@code message} (a
 * substring)). Evaluated with the rule's default parameters at {@link #CLOCK}.
 */
public final class GoldenCases {
  /** The time golden cases are evaluated at. */
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One case's outcome; {@code differences} is empty when it passed. */
  public record Result(String rule, String name, Path dir, List<String> differences) {
    public boolean passed() {
      return differences.isEmpty();
    }

    @Override
    public String toString() {
      return (passed() ? "PASS " : "FAIL ")
          + rule
          + "/"
          + name
          + (passed() ? "" : ": " + String.join("; ", differences));
    }
  }

  private GoldenCases() {}

  /**
   * {@code vigil rules test DIR}: loads the packs in {@code dir} (its {@code *.yaml} files) and
   * runs the cases under {@code dir/cases}. Throws when a pack is invalid.
   */
  public static List<Result> testPackDirectory(Path dir) throws RuleLoadException, IOException {
    RuleSet rules = RuleSet.load(List.of(dir), false);
    return run(rules, dir.resolve("cases"));
  }

  /** Runs every case under {@code casesDir} against {@code rules}. */
  public static List<Result> run(RuleSet rules, Path casesDir) throws IOException {
    List<Result> out = new ArrayList<>();
    if (!Files.isDirectory(casesDir)) {
      return out;
    }
    try (Stream<Path> ruleDirs = Files.list(casesDir)) {
      for (Path ruleDir : ruleDirs.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> caseDirs = Files.list(ruleDir)) {
          for (Path c : caseDirs.filter(Files::isDirectory).sorted().toList()) {
            out.add(runOne(rules, ruleDir.getFileName().toString(), c));
          }
        }
      }
    }
    return out;
  }

  /** Runs one case directory for one rule. */
  public static Result runOne(RuleSet rules, String ruleId, Path caseDir) {
    String name = caseDir.getFileName().toString();
    List<String> diffs = new ArrayList<>();
    if (rules.find(ruleId).isEmpty()) {
      diffs.add("no rule '" + ruleId + "' in the loaded packs");
      return new Result(ruleId, name, caseDir, diffs);
    }
    Snapshot snapshot;
    JsonNode expected;
    try {
      snapshot = snapshot(caseDir.resolve("facts.json"));
      expected = JSON.readTree(caseDir.resolve("expected.json").toFile());
    } catch (IOException | RuntimeException e) {
      diffs.add("cannot read case: " + e.getMessage());
      return new Result(ruleId, name, caseDir, diffs);
    }
    Profile only = Profile.select(rules, List.of(RuleId.of(ruleId)));
    List<Finding> findings = new Evaluator(rules, only, Waivers.none(), CLOCK).evaluate(snapshot);
    if (!expected.isArray()) {
      diffs.add("expected.json must be a list of findings");
      return new Result(ruleId, name, caseDir, diffs);
    }
    if (expected.size() != findings.size()) {
      diffs.add(
          "expected "
              + expected.size()
              + " findings, got "
              + findings.size()
              + ": "
              + brief(findings));
    }
    for (int i = 0; i < Math.min(expected.size(), findings.size()); i++) {
      JsonNode e = expected.get(i);
      Finding f = findings.get(i);
      String resource =
          f.resource().isHost() ? "host" : f.resource().type() + ":" + f.resource().id();
      check(diffs, i, "resource", e.path("resource").asText("host"), resource);
      check(
          diffs,
          i,
          "status",
          e.path("status").asText(),
          f.status().wire() + f.message().map(m -> " (" + m + ")").orElse(""));
      if (e.has("observed")) {
        check(diffs, i, "observed", e.get("observed").asText(), f.observed().orElse(""));
      }
      if (e.has("expected")) {
        check(diffs, i, "expected", e.get("expected").asText(), f.expected().orElse(""));
      }
      if (e.has("message") && !f.message().orElse("").contains(e.get("message").asText())) {
        diffs.add(
            "#"
                + i
                + " message '"
                + f.message().orElse("")
                + "' lacks '"
                + e.get("message").asText()
                + "'");
      }
    }
    return new Result(ruleId, name, caseDir, diffs);
  }

  private static void check(List<String> diffs, int i, String what, String want, String got) {
    if (!want.equals(got) && !(what.equals("status") && got.startsWith(want + " ("))) {
      diffs.add("#" + i + " " + what + ": expected '" + want + "', got '" + got + "'");
    }
  }

  private static String brief(List<Finding> findings) {
    return findings.stream()
        .map(
            f ->
                f.resource().id()
                    + "="
                    + f.status().wire()
                    + f.message().map(m -> " (" + m + ")").orElse(""))
        .toList()
        .toString();
  }

  /** Reads a golden facts.json into a snapshot of the target {@code golden}. */
  public static Snapshot snapshot(Path factsJson) throws IOException {
    JsonNode root = JSON.readTree(factsJson.toFile());
    if (root == null || !root.isObject()) {
      throw new IOException(factsJson + ": facts.json must be an object of fact name to value");
    }
    Instant at = CLOCK.instant();
    List<Provenance> prov =
        List.of(
            new Provenance(
                SourceKind.FILE,
                factsJson.getFileName().toString(),
                java.util.Optional.empty(),
                0,
                at));
    List<Fact> facts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode v = e.getValue();
      if (v.isObject() && v.has("$state")) {
        String state = v.get("$state").asText();
        String reason = v.path("$reason").asText(state);
        facts.add(
            state.equals("absent")
                ? Fact.absent(e.getKey(), reason, prov)
                : Fact.error(e.getKey(), reason, prov));
      } else {
        facts.add(Fact.ok(e.getKey(), JSON.treeToValue(v, Object.class), prov));
      }
    }
    return Snapshot.of(Target.local("golden"), at, at, facts);
  }
}
