package dev.vigil.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The contract every renderer holds, and what each machine format must say. */
class MachineFormatsTest {
  static ReportModel small() {
    Assessment a = Fixtures.small("20261125T143518Z-3f9a");
    return ReportModel.build(a, Fixtures.snapshots(a), ControlCatalog.builtIn(), List.of());
  }

  static byte[] render(Format f, ReportModel m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Renderer.of(f).render(m, out);
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyRendererIsDeterministic(Format f) throws IOException {
    assertArrayEquals(render(f, small()), render(f, small()));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyRendererNamesItsFormatAndFile(Format f) {
    Renderer r = Renderer.of(f);
    assertEquals(f, r.format());
    assertFalse(r.fileName().isBlank());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyRendererCopesWithAnEmptyAssessment(Format f) throws IOException {
    Assessment a = Fixtures.small("empty").withFindings(List.of());
    ReportModel m = ReportModel.build(a, List.of(), ControlCatalog.builtIn(), List.of());
    assertTrue(render(f, m).length > 0);
  }

  // --- OSCAL

  static JsonSchema oscalSchema() throws IOException {
    try (InputStream in =
        MachineFormatsTest.class.getResourceAsStream("/oscal/oscal-ar_schema.json")) {
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
    }
  }

  static void assertValidOscal(byte[] doc) throws IOException {
    JsonNode node = Json.mapper().readTree(doc);
    Set<ValidationMessage> errors = oscalSchema().validate(node);
    List<String> first = new ArrayList<>();
    errors.stream().limit(20).forEach(e -> first.add(e.toString()));
    assertTrue(errors.isEmpty(), errors.size() + " schema errors, first: " + first);
  }

  @Test
  void oscalOutputValidatesAgainstTheOfficialSchema() throws IOException {
    assertValidOscal(render(Format.OSCAL, small()));
  }

  @Test
  void oscalOutputOfAFleetValidatesAgainstTheOfficialSchema() throws IOException {
    Assessment a = Fixtures.fleet("fleet", 5, 40, 7);
    assertValidOscal(
        render(Format.OSCAL, ReportModel.build(a, List.of(), ControlCatalog.builtIn(), List.of())));
  }

  @Test
  void oscalOfAnEmptyRunValidates() throws IOException {
    Assessment a = Fixtures.small("empty").withFindings(List.of());
    assertValidOscal(
        render(Format.OSCAL, ReportModel.build(a, List.of(), ControlCatalog.builtIn(), List.of())));
  }

  @Test
  void schemaCatchesAnInvalidDocument() throws IOException {
    JsonNode node = Json.mapper().readTree(render(Format.OSCAL, small()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("assessment-results"))
        .remove("import-ap");
    assertFalse(oscalSchema().validate(node).isEmpty(), "the validator really validates");
  }

  @Test
  void oscalFindingsCarryTheControlStateAndLinkTheirObservations() throws IOException {
    JsonNode result =
        Json.mapper().readTree(render(Format.OSCAL, small())).at("/assessment-results/results/0");
    JsonNode ac62 = null;
    for (JsonNode f : result.get("findings")) {
      if (f.at("/target/target-id").asText().equals("ac-6.2_smt")) {
        ac62 = f;
      }
    }
    assertTrue(ac62 != null, "finding for AC-6(2)");
    assertEquals("not-satisfied", ac62.at("/target/status/state").asText());
    assertEquals(2, ac62.get("related-observations").size(), "web01 fail + db01 pass");
    List<String> reviewed = new ArrayList<>();
    result
        .at("/reviewed-controls/control-selections/0/include-controls")
        .forEach(c -> reviewed.add(c.get("control-id").asText()));
    assertTrue(reviewed.contains("ac-6.2") && reviewed.contains("cm-6"), reviewed.toString());
    assertEquals(9, result.get("observations").size(), "one observation per finding");
    JsonNode ev = result.at("/observations/0/relevant-evidence/0");
    assertEquals("snapshot.json", ev.get("href").asText());
  }

  @Test
  void oscalEscapesMarkdownInValuesFromTargets() throws IOException {
    JsonNode doc = Json.mapper().readTree(render(Format.OSCAL, small()));
    List<String> markdown = new ArrayList<>();
    collectMarkdown(doc, markdown);
    assertTrue(markdown.stream().anyMatch(t -> t.contains("\\<script\\>")), "escaped");
    assertTrue(
        markdown.stream().noneMatch(t -> t.matches("(?s).*(?<!\\\\)<script.*")), "unescaped");
  }

  private static void collectMarkdown(JsonNode n, List<String> out) {
    n.properties()
        .forEach(
            e -> {
              if (List.of("title", "description", "remarks").contains(e.getKey())
                  && e.getValue().isTextual()) {
                out.add(e.getValue().asText());
              } else if (e.getValue().isContainerNode()) {
                collectMarkdown(e.getValue(), out);
              }
            });
    if (n.isArray()) {
      n.forEach(c -> collectMarkdown(c, out));
    }
  }

  // --- CSV

  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    return rows;
  }

  @Test
  void csvHasOneRowPerFindingWithRfc4180Quoting() throws IOException {
    String csv = new String(render(Format.CSV, small()), StandardCharsets.UTF_8);
    List<List<String>> rows = parseCsv(csv);
    assertEquals(10, rows.size(), "header + 9 findings");
    List<String> header = rows.get(0);
    for (List<String> r : rows) {
      assertEquals(header.size(), r.size(), r.toString());
    }
    int observed = header.indexOf("observed");
    assertTrue(
        rows.stream().anyMatch(r -> r.get(observed).equals("uid 0, gecos " + Fixtures.HOSTILE)),
        "a value with a comma and quotes survives the round trip");
    assertEquals("fail", rows.get(1).get(header.indexOf("status")), "worst first");
  }

  @Test
  void csvDefusesSpreadsheetFormulas() {
    assertEquals(
        "'=HYPERLINK(\"x\")",
        MachineFormatsTestAccess.csvField("=HYPERLINK(\"x\")")
            .replace("\"\"", "\"")
            .replaceAll("^\"|\"$", ""));
    assertEquals("-1", MachineFormatsTestAccess.csvField("-1"));
    assertEquals("'-cmd", MachineFormatsTestAccess.csvField("-cmd"));
  }

  // --- JUnit

  @Test
  void junitHasOneTestCasePerRuleAndTarget() throws Exception {
    byte[] xml = render(Format.JUNIT, small());
    Document d =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml));
    Element root = d.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    NodeList cases = d.getElementsByTagName("testcase");
    assertEquals(9, cases.getLength());
    assertEquals("2", root.getAttribute("failures"), "root login on web01 and uid 0 on web01");
    assertEquals("1", root.getAttribute("errors"));
    assertEquals("2", root.getAttribute("skipped"), "notapplicable and waived");
    boolean found = false;
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").startsWith("sshd.permit-root-login")
          && c.getAttribute("classname").equals("web01")) {
        Element failure = (Element) c.getElementsByTagName("failure").item(0);
        assertEquals(
            "observed yes, expected no or prohibit-password", failure.getAttribute("message"));
        found = true;
      }
    }
    assertTrue(found);
    assertTrue(new String(xml, StandardCharsets.UTF_8).contains("&lt;script&gt;"));
  }

  @Test
  void junitReplacesCharactersXmlCannotCarry() {
    assertEquals("a\uFFFDb", MachineFormatsTestAccess.xmlSafe("a\u0001b"));
    assertEquals("emoji \uD83D\uDE00", MachineFormatsTestAccess.xmlSafe("emoji \uD83D\uDE00"));
    assertEquals("\uFFFD", MachineFormatsTestAccess.xmlSafe("\uD83D"));
  }

  // --- JSON

  @Test
  void jsonIsTheFullAssessment() throws IOException {
    ReportModel m = small();
    Assessment back = Json.mapper().readValue(render(Format.JSON, m), Assessment.class);
    assertEquals(m.assessment(), back);
  }
}
