package dev.vigil.reports.period;

import dev.vigil.reports.period.PeriodReport.WeekScore;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * {@code report.html} of a period: one self-contained page (styles and the SVG chart inline,
 * nothing fetched, no script) rendered by FreeMarker with HTML auto-escaping on.
 */
final class PeriodHtml {
  private static final Configuration CONFIG = configuration();
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private PeriodHtml() {}

  /** One point of the weekly score chart, in the chart's coordinates (600 × 170). */
  public record Point(
      double x, double y, double yControls, boolean hasControls, String label, String value) {}

  static void render(PeriodReport r, OutputStream out) throws IOException {
    List<Point> points = points(r.weeks());
    StringBuilder line = new StringBuilder();
    StringBuilder controls = new StringBuilder();
    double lo = floor(r.weeks());
    boolean controlsFit =
        r.weeks().stream().allMatch(w -> w.controlsSatisfied().orElse(100.0) >= lo);
    for (Point p : points) {
      if (p.value().isEmpty()) {
        continue;
      }
      line.append(line.length() == 0 ? "" : " ").append(fmt(p.x())).append(',').append(fmt(p.y()));
      if (p.hasControls() && controlsFit) {
        controls
            .append(controls.length() == 0 ? "" : " ")
            .append(fmt(p.x()))
            .append(',')
            .append(fmt(p.yControls()));
      }
    }
    Template t = CONFIG.getTemplate("period/report.ftlh");
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    try {
      t.process(
          Map.of(
              "r",
              r,
              "points",
              points,
              "line",
              line.toString(),
              "controlsLine",
              controls.toString(),
              "axisLow",
              fmt(floor(r.weeks())).replace(".0", ""),
              "axisMid",
              fmt((100 + floor(r.weeks())) / 2).replace(".0", ""),
              "since",
              DAY.format(r.since()),
              "until",
              DAY.format(r.until())),
          w);
    } catch (TemplateException e) {
      throw new IOException("template period/report.ftlh failed: " + e.getMessage(), e);
    }
    w.flush();
  }

  /**
   * The lowest value the chart shows: 0, or a round number just under every value so a fleet that
   * moves between 95 % and 98 % shows its trend. Set by the compliance score alone; the controls
   * line is drawn only when it fits above it.
   */
  static double floor(List<WeekScore> weeks) {
    double min = 100;
    for (WeekScore w : weeks) {
      min = Math.min(min, w.score().orElse(100.0));
    }
    return Math.max(0, Math.floor((min - 1) / 10) * 10);
  }

  static List<Point> points(List<WeekScore> weeks) {
    List<Point> out = new ArrayList<>();
    double lo = floor(weeks);
    double k = 130 / (100 - lo);
    int n = weeks.size();
    for (int i = 0; i < n; i++) {
      WeekScore w = weeks.get(i);
      double x = n == 1 ? 310 : 40 + 540.0 * i / (n - 1);
      double score = w.score().orElse(0.0);
      double ctl = w.controlsSatisfied().orElse(0.0);
      out.add(
          new Point(
              x,
              140 - k * (score - lo),
              140 - k * (Math.max(ctl, lo) - lo),
              w.controlsSatisfied().isPresent(),
              DAY.format(w.weekEnd()),
              w.score().map(s -> fmt(s)).orElse("")));
    }
    return out;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassForTemplateLoading(PeriodHtml.class, "/templates");
    c.setDefaultEncoding("UTF-8");
    c.setOutputFormat(HTMLOutputFormat.INSTANCE);
    c.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    c.setRecognizeStandardFileExtensions(true);
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setNumberFormat("computer");
    c.setBooleanFormat("c");
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setObjectWrapper(new dev.vigil.reports.internal.RecordWrapper(Configuration.VERSION_2_3_34));
    return c;
  }
}
