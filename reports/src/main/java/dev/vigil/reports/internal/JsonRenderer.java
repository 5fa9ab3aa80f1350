package dev.vigil.reports.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.json.Json;
import dev.vigil.reports.Format;
import dev.vigil.reports.Renderer;
import dev.vigil.reports.ReportModel;
import java.io.IOException;
import java.io.OutputStream;

/** {@code findings.json}: the whole assessment in vigil's one JSON mapping. */
public final class JsonRenderer implements Renderer {
  @Override
  public Format format() {
    return Format.JSON;
  }

  @Override
  public String fileName() {
    return "findings.json";
  }

  @Override
  public void render(ReportModel model, OutputStream out) throws IOException {
    Json.pretty()
        .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, model.assessment());
  }
}
