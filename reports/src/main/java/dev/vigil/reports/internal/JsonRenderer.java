package dev.vigil.reports.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.vigil.core.json.Json;
import dev.vigil.reports.Format;
import dev.vigil.reports.Renderer;
import dev.vigil.reports.ReportModel;
import java.io.IOException;
import java.io.OutputStream;

/** {@code findings.json}: the whole assessment in vigil's one JSON mapping. */
public final class JsonRenderer implements Renderer {

  public static final int PRETTY_LIMIT = 10_000;

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
    // Indented for people up to PRETTY_LIMIT findings; compact above, where only tools read it.
    ObjectWriter w =
        model.assessment().findings().size() <= PRETTY_LIMIT
            ? Json.pretty()
            : Json.mapper().writer();
    w.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, model.assessment());
  }
}
