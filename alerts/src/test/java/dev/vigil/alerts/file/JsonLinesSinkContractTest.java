package dev.vigil.alerts.file;

import dev.vigil.alerts.AlertSinkContract;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.sink.AlertSink;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkContractTest extends AlertSinkContract {
  @TempDir Path dir;

  @Override
  protected AlertSink newSink() {
    return new JsonLinesSink(dir.resolve("alerts.jsonl"), AlertFormat.ECS);
  }

  @Override
  protected List<String> receivedKeys() throws IOException {
    Path f = dir.resolve("alerts.jsonl");
    List<String> keys = new ArrayList<>();
    if (Files.exists(f)) {
      for (String line : Files.readAllLines(f)) {
        keys.add(Json.mapper().readTree(line).at("/event/id").asText());
      }
    }
    return keys;
  }
}
