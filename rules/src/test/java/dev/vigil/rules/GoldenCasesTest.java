package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GoldenCasesTest {
  static Path cases() throws Exception {
    return Path.of(GoldenCasesTest.class.getResource("/cases").toURI());
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenCaseMatches() throws Exception {
    List<GoldenCases.Result> results = GoldenCases.run(RuleSet.builtIn(), cases());
    return results.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.rule() + "/" + r.name(), () -> assertTrue(r.passed(), r.toString())));
  }

  @Test
  void everyBuiltInRuleHasAPassAndAFailCase() throws Exception {
    Set<String> missing = new TreeSet<>();
    for (Rule r : RuleSet.builtIn().rules()) {
      for (String c : List.of("pass", "fail")) {
        if (!Files.isRegularFile(
            cases().resolve(r.id().value()).resolve(c).resolve("expected.json"))) {
          missing.add(r.id() + "/" + c);
        }
      }
    }
    assertEquals(Set.of(), missing);
  }
}
