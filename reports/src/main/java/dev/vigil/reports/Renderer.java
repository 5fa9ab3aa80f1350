package dev.vigil.reports;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one output format of a run from the report model. Implementations are stateless and
 * thread-safe; the same model always yields the same bytes.
 */
public interface Renderer {
  Format format();

  /** The file name inside the run folder ({@code report.html}). */
  String fileName();

  /** Writes the whole document; does not close {@code out}. */
  void render(ReportModel model, OutputStream out) throws IOException;

  /** The built-in renderer of a format. */
  static Renderer of(Format format) {
    return switch (format) {
      case HTML -> new dev.vigil.reports.internal.HtmlRenderer();
      case JSON -> new dev.vigil.reports.internal.JsonRenderer();
      case CSV -> new dev.vigil.reports.internal.CsvRenderer();
      case JUNIT -> new dev.vigil.reports.internal.JunitRenderer();
      case OSCAL -> new dev.vigil.reports.internal.OscalRenderer();
    };
  }
}
