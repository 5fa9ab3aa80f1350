package dev.vigil.alerts.file;

import static dev.vigil.alerts.Fixtures.rootLogin;
import static dev.vigil.alerts.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerts.AlertOutcome;
import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.core.Status;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {
  @TempDir Path dir;

  @Test
  void eachEventIsOneJsonLineAppendedAcrossRuns() throws IOException {
    Path file = dir.resolve("alerts/vigil-alerts.jsonl");
    List<AlertEvent> all = new ArrayList<>();
    try (AlertPipeline p =
        AlertPipeline.builder()
            .stateDirectory(dir.resolve("state"))
            .sink(new JsonLinesSink(file, AlertFormat.OCSF))
            .build()) {
      List<Status> statuses = List.of(Status.FAIL, Status.PASS, Status.FAIL);
      for (int i = 0; i < statuses.size(); i++) {
        AlertOutcome o = p.process(run(i, List.of(rootLogin("web01", statuses.get(i)))));
        all.addAll(o.events());
        assertEquals(o.events().size(), o.sinks().get(0).delivered());
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(all.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode d = Json.mapper().readTree(lines.get(i));
      assertEquals(all.get(i).key(), d.at("/metadata/uid").asText());
      assertEquals(2003, d.get("class_uid").asInt());
    }
  }

  @Test
  void partialLineLeftByAnEarlierCrashIsEndedBeforeAppending() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    Files.writeString(file, "{\"event\":{\"kind\":\"al");
    List<AlertEvent> events;
    try (AlertPipeline p = AlertPipeline.builder().build()) {
      events =
          p.process(run(0, List.of(rootLogin("web01", Status.FAIL))), Optional.empty()).events();
    }
    new JsonLinesSink(file, AlertFormat.ECS).publish(events);
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertEquals(
        events.get(0).key(), Json.mapper().readTree(lines.get(1)).at("/event/id").asText());
  }

  @Test
  void anEmptyBatchDoesNotCreateTheFile() throws IOException {
    Path file = dir.resolve("none.jsonl");
    new JsonLinesSink(file, AlertFormat.ECS).publish(List.of());
    assertEquals(false, Files.exists(file));
  }
}
