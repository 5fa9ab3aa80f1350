package dev.vigil.reports.internal;

import dev.vigil.core.Assessment;
import dev.vigil.reports.Format;
import dev.vigil.reports.Renderer;
import dev.vigil.reports.ReportModel;
import dev.vigil.reports.ReportModel.FindingView;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for CI pipelines: one test suite per target, one test case per rule on that
 * target. A case fails when any resource fails unwaived, errors when any errored or was unknown, is
 * skipped when every resource was not applicable, not checked or waived, and passes otherwise.
 * Characters XML 1.0 cannot carry become U+FFFD.
 */
public final class JunitRenderer implements Renderer {
  @Override
  public Format format() {
    return Format.JUNIT;
  }

  @Override
  public String fileName() {
    return "junit.xml";
  }

  private enum Outcome {
    PASS,
    SKIPPED,
    ERROR,
    FAILURE
  }

  private record Case(String rule, String title, List<FindingView> findings, Outcome outcome) {}

  @Override
  public void render(ReportModel model, OutputStream out) throws IOException {
    Assessment a = model.assessment();
    // target -> rule -> findings, in target then rule order.
    Map<String, Map<String, List<FindingView>>> byTarget = new TreeMap<>();
    for (FindingView f : model.findings()) {
      byTarget
          .computeIfAbsent(f.target(), k -> new TreeMap<>())
          .computeIfAbsent(f.rule(), k -> new ArrayList<>())
          .add(f);
    }
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    for (Map.Entry<String, Map<String, List<FindingView>>> t : byTarget.entrySet()) {
      List<Case> cases = new ArrayList<>();
      for (Map.Entry<String, List<FindingView>> r : t.getValue().entrySet()) {
        Case c =
            new Case(r.getKey(), r.getValue().get(0).title(), r.getValue(), outcome(r.getValue()));
        cases.add(c);
        tests++;
        switch (c.outcome()) {
          case FAILURE -> failures++;
          case ERROR -> errors++;
          case SKIPPED -> skipped++;
          default -> {}
        }
      }
      suites.put(t.getKey(), cases);
    }
    String time = seconds(Duration.between(a.startedAt(), a.finishedAt()));
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("testsuites");
      w.writeAttribute("name", x("vigil " + a.profile()));
      w.writeAttribute("tests", Integer.toString(tests));
      w.writeAttribute("failures", Integer.toString(failures));
      w.writeAttribute("errors", Integer.toString(errors));
      w.writeAttribute("skipped", Integer.toString(skipped));
      w.writeAttribute("time", time);
      w.writeAttribute("timestamp", a.startedAt().toString());
      for (Map.Entry<String, List<Case>> s : suites.entrySet()) {
        List<Case> cases = s.getValue();
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", x(s.getKey()));
        w.writeAttribute("hostname", x(s.getKey()));
        w.writeAttribute("tests", Integer.toString(cases.size()));
        w.writeAttribute("failures", count(cases, Outcome.FAILURE));
        w.writeAttribute("errors", count(cases, Outcome.ERROR));
        w.writeAttribute("skipped", count(cases, Outcome.SKIPPED));
        w.writeAttribute("time", "0");
        w.writeAttribute("timestamp", a.startedAt().toString());
        w.writeCharacters("\n    ");
        w.writeStartElement("properties");
        property(w, "vigil.run-id", a.runId());
        property(w, "vigil.profile", a.profile());
        property(w, "vigil.version", a.toolVersion());
        w.writeEndElement();
        for (Case c : cases) {
          w.writeCharacters("\n    ");
          testcase(w, s.getKey(), c);
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write junit.xml: " + e.getMessage(), e);
    }
  }

  private static void testcase(XMLStreamWriter w, String target, Case c) throws XMLStreamException {
    w.writeStartElement("testcase");
    w.writeAttribute("name", x(c.rule() + (c.title().isEmpty() ? "" : ": " + c.title())));
    w.writeAttribute("classname", x(target));
    w.writeAttribute("time", "0");
    List<FindingView> fs = c.findings();
    switch (c.outcome()) {
      case FAILURE -> {
        List<FindingView> bad = fs.stream().filter(FindingView::openFailure).toList();
        w.writeStartElement("failure");
        w.writeAttribute("type", bad.get(0).severity());
        w.writeAttribute("message", x(headline(bad, "failing")));
        w.writeCharacters(x(details(bad)));
        w.writeEndElement();
      }
      case ERROR -> {
        List<FindingView> bad =
            fs.stream()
                .filter(f -> f.status().equals("error") || f.status().equals("unknown"))
                .toList();
        w.writeStartElement("error");
        w.writeAttribute("type", bad.get(0).status());
        w.writeAttribute("message", x(headline(bad, "could not be evaluated")));
        w.writeCharacters(x(details(bad)));
        w.writeEndElement();
      }
      case SKIPPED -> {
        FindingView f = fs.get(0);
        w.writeStartElement("skipped");
        w.writeAttribute(
            "message",
            x(
                f.waived()
                    ? "waived by "
                        + f.waiverId()
                        + " ("
                        + f.waiverOwner()
                        + ") until "
                        + f.waiverExpires()
                    : f.status() + (f.message().isEmpty() ? "" : ": " + f.message())));
        w.writeEndElement();
      }
      default -> {}
    }
    w.writeEndElement();
  }

  private static Outcome outcome(List<FindingView> fs) {
    boolean conclusive = false;
    Outcome worst = Outcome.PASS;
    for (FindingView f : fs) {
      if (f.openFailure()) {
        return Outcome.FAILURE;
      }
      switch (f.status()) {
        case "error", "unknown" -> worst = Outcome.ERROR;
        case "pass", "informational" -> conclusive = true;
        default -> {}
      }
    }
    if (worst == Outcome.ERROR) {
      return worst;
    }
    return conclusive ? Outcome.PASS : Outcome.SKIPPED;
  }

  private static String headline(List<FindingView> bad, String what) {
    FindingView f = bad.get(0);
    String first =
        (f.hostResource() ? "" : f.resourceType() + " " + f.resourceId() + ": ")
            + (f.observed().isEmpty() ? f.message() : "observed " + f.observed())
            + (f.expected().isEmpty() ? "" : ", expected " + f.expected());
    return bad.size() == 1 ? first : bad.size() + " resources " + what + "; first: " + first;
  }

  private static String details(List<FindingView> bad) {
    StringBuilder sb = new StringBuilder();
    for (FindingView f : bad) {
      sb.append(f.status()).append(' ').append(f.resourceType()).append(' ').append(f.resourceId());
      if (!f.observed().isEmpty()) {
        sb.append("\n  observed: ").append(f.observed());
      }
      if (!f.expected().isEmpty()) {
        sb.append("\n  expected: ").append(f.expected());
      }
      if (!f.message().isEmpty()) {
        sb.append("\n  message: ").append(f.message());
      }
      if (!f.controls().isEmpty()) {
        sb.append("\n  controls: ").append(String.join(", ", f.controls()));
      }
      if (!f.remediation().isEmpty()) {
        sb.append("\n  remediation: ").append(f.remediation());
      }
      sb.append("\n  finding: ").append(f.id()).append('\n');
    }
    return sb.toString();
  }

  private static void property(XMLStreamWriter w, String name, String value)
      throws XMLStreamException {
    w.writeEmptyElement("property");
    w.writeAttribute("name", name);
    w.writeAttribute("value", x(value));
  }

  private static String count(List<Case> cases, Outcome o) {
    return Long.toString(cases.stream().filter(c -> c.outcome() == o).count());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  /** Replaces what XML 1.0 cannot carry (most control characters, lone surrogates). */
  static String x(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c)) {
        ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (ok) {
          if (sb != null) {
            sb.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else if (Character.isLowSurrogate(c)) {
        ok = false;
      } else {
        ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
      }
      if (!ok && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(ok ? c : '\uFFFD');
      }
    }
    return sb == null ? s : sb.toString();
  }
}
