package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintTest {
  static Path resource(String name) throws Exception {
    return Path.of(LintTest.class.getResource("/" + name).toURI());
  }

  @Test
  void packWithFiveMistakesReportsAllFiveWithPositions() throws Exception {
    Path file = resource("lint/five-mistakes.yaml");
    List<String> got =
        RuleSet.lint(List.of(file)).stream()
            .map(p -> p.toString().substring(file.toString().length() + 1))
            .toList();
    assertEquals(
        List.of(
            "5:16: unknown control 'AC-6(99)' (not in the NIST SP 800-53 Rev 5 catalog)"
                + " (did you mean 'AC-6(9)'?)",
            "6:12: unknown fact 'host.shd' (did you mean 'host.sshd'?)",
            "7:9: duplicate rule id 'demo.one' (first defined at " + file + ":2)",
            "11:50: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
            "17:35: default of parameter 'limit' must be int, not text",
            "20:9: unknown parameter 'limt'"),
        got);
  }

  @Test
  void loadThrowsWithEveryProblem() throws Exception {
    RuleLoadException e =
        assertThrows(
            RuleLoadException.class,
            () -> RuleSet.load(List.of(resource("lint/five-mistakes.yaml")), true));
    assertEquals(6, e.problems().size());
    assertEquals(true, e.getMessage().startsWith("ERROR "));
  }
}
