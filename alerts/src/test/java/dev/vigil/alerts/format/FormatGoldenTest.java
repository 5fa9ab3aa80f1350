package dev.vigil.alerts.format;

import static dev.vigil.alerts.Fixtures.emptyPassword;
import static dev.vigil.alerts.Fixtures.rootLogin;
import static dev.vigil.alerts.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each format's rendering of a fixed sequence of runs (new, resolved, regressed, resolved by
 * absence, control changes) against a golden file under {@code src/test/resources/golden}. Set
 * {@code VIGIL_UPDATE_GOLDEN=true} to rewrite the files after an intended change, then review the
 * diff.
 */
class FormatGoldenTest {
  static List<AlertEvent> sequence() throws IOException {
    List<List<Finding>> runs =
        List.of(
            List.of(rootLogin("web01", Status.FAIL), emptyPassword("web01", "bob", Status.FAIL)),
            List.of(rootLogin("web01", Status.PASS), emptyPassword("web01", "bob", Status.FAIL)),
            List.of(rootLogin("web01", Status.FAIL)));
    List<AlertEvent> events = new ArrayList<>();
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      Optional<dev.vigil.core.Assessment> previous = Optional.empty();
      for (int i = 0; i < runs.size(); i++) {
        var outcome = p.process(run(i, runs.get(i)), previous);
        events.addAll(outcome.events());
        previous = Optional.of(outcome.assessment());
      }
    }
    return events;
  }

  @ParameterizedTest
  @EnumSource(AlertFormat.class)
  void renderingMatchesTheGoldenFile(AlertFormat format) throws IOException {
    List<Object> docs = new ArrayList<>();
    for (AlertEvent e : sequence()) {
      docs.add(format.render(e));
    }
    String actual = Json.pretty().writeValueAsString(docs) + "\n";
    Path golden =
        Path.of("src/test/resources/golden", format.name().toLowerCase() + "-events.json");
    if ("true".equals(System.getenv("VIGIL_UPDATE_GOLDEN"))) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
  }
}
