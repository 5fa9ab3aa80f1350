package dev.vigil.reports.internal;

import dev.vigil.reports.Format;
import dev.vigil.reports.Renderer;
import dev.vigil.reports.ReportModel;
import dev.vigil.reports.RunSummary;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * {@code report.html}: one self-contained page (styles, charts and script inline, nothing fetched)
 * rendered by FreeMarker with HTML auto-escaping on, so every value from a target shows as text.
 */
public final class HtmlRenderer implements Renderer {
  private static final Configuration CONFIG = configuration();

  @Override
  public Format format() {
    return Format.HTML;
  }

  @Override
  public String fileName() {
    return "report.html";
  }

  @Override
  public void render(ReportModel model, OutputStream out) throws IOException {
    process("report.ftlh", Map.of("m", model), out);
  }

  /** The archive's {@code index.html}: every run, newest first, with the trend. */
  public static void renderIndex(List<RunSummary> runsOldestFirst, OutputStream out)
      throws IOException {
    process(
        "index.ftlh",
        Map.of(
            "runs",
            runsOldestFirst,
            "trend",
            ReportModel.trendOf(runsOldestFirst),
            "line",
            ReportModel.lineOf(ReportModel.trendOf(runsOldestFirst))),
        out);
  }

  private static void process(String name, Object data, OutputStream out) throws IOException {
    Template t = CONFIG.getTemplate(name);
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    try {
      t.process(data, w);
    } catch (TemplateException e) {
      throw new IOException("template " + name + " failed: " + e.getMessage(), e);
    }
    w.flush();
  }

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassForTemplateLoading(HtmlRenderer.class, "/templates");
    c.setDefaultEncoding("UTF-8");
    c.setOutputFormat(HTMLOutputFormat.INSTANCE);
    c.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    c.setRecognizeStandardFileExtensions(true);
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setNumberFormat("computer");
    c.setURLEscapingCharset("UTF-8");
    c.setBooleanFormat("c");
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setObjectWrapper(new RecordWrapper(Configuration.VERSION_2_3_34));
    return c;
  }
}
