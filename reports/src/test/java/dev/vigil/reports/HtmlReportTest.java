package dev.vigil.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  static String html(Assessment a) throws IOException {
    ReportModel m =
        ReportModel.build(a, Fixtures.snapshots(a), ControlCatalog.builtIn(), List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Renderer.of(Format.HTML).render(m, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void hostileValuesFromTargetsRenderAsText() throws IOException {
    String html = html(Fixtures.small("r1"));
    assertFalse(html.contains("<script>alert"), "raw script tag in the report");
    assertTrue(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"),
        "escaped GECOS");
    // The only script element is the report's own.
    assertEquals(1, html.split("<script>", -1).length - 1);
  }

  @Test
  void reportIsSelfContained() throws IOException {
    String html = html(Fixtures.small("r1"));
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "external reference");
    assertFalse(html.contains("<link"), "external stylesheet");
  }

  @Test
  void reportShowsObservedExpectedEvidenceRemediationWaiverAndChange() throws IOException {
    String html = html(Fixtures.small("r1"));
    assertTrue(html.contains("id=\"finding-"));
    assertTrue(html.contains("id=\"control-AC-6(2)\""));
    assertTrue(
        html.contains(
            "<div class=\"oe\"><code>yes</code><code>no or prohibit-password</code></div>"));
    assertTrue(html.contains("no or prohibit-password"));
    assertTrue(html.contains("/etc/ssh/sshd_config"));
    assertTrue(html.contains("ab".repeat(32)), "full sha256 in the evidence table");
    assertTrue(html.contains("Set PermitRootLogin no"));
    assertTrue(html.contains("W-7") && html.contains("pki-team") && html.contains("2027-01-31"));
    assertTrue(html.contains("class=\"chg new\""));
    assertTrue(html.contains("max_password_age_days"));
    assertTrue(html.contains("connection refused"), "target errors in the methodology");
    assertTrue(html.contains("permission denied"), "collector errors in the methodology");
  }

  @Test
  void worstFailuresComeFirst() throws IOException {
    String html = html(Fixtures.small("r1"));
    int critical = html.indexOf("Only root has UID 0");
    int high = html.indexOf("Root SSH login is not permitted");
    assertTrue(critical > 0 && high > critical, "critical failure listed before the high one");
  }

  @Test
  void missingControlTitlesAreShownAsMissingNotAsErrors() throws IOException {
    String html = html(Fixtures.small("r1"));
    assertTrue(html.contains("Access Control"), "family title from the built-in family names");
  }
}
