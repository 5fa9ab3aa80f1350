package dev.vigil.reports.period;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.json.Json;
import dev.vigil.reports.Format;
import dev.vigil.reports.ManifestSigner;
import dev.vigil.reports.Verification;
import dev.vigil.reports.Verifier;
import dev.vigil.reports.period.PeriodReport.ControlView;
import dev.vigil.reports.period.PeriodReport.FailureEpisode;
import dev.vigil.reports.period.PeriodReport.Gap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeriodReportTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T06:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path tmp;
  static Path archive;
  static Path home;
  static PeriodReport october;

  @BeforeAll
  static void history() throws IOException {
    archive = tmp.resolve("vigil-out");
    home = tmp.resolve("home");
    PeriodFixture.write(archive, home);
    october = build(PeriodQuery.parse("2026-10-01", Optional.of("2026-10-31"), CLOCK));
  }

  static PeriodReport build(PeriodQuery q) throws IOException {
    return PeriodReport.build(
        new ArchiveHistory(archive), q, ControlCatalog.builtIn(), "test", CLOCK);
  }

  static String id(String host, dev.vigil.core.RuleId rule) {
    return Finding.idFor(host, rule, ResourceRef.host());
  }

  static FailureEpisode episode(PeriodReport r, String host, dev.vigil.core.RuleId rule) {
    String id = id(host, rule);
    List<FailureEpisode> found =
        r.failures().stream().filter(f -> f.findingId().equals(id)).toList();
    assertEquals(1, found.size(), "one episode of " + host + " " + rule + ": " + found);
    return found.get(0);
  }

  static Instant at(int month, int day) {
    return PeriodFixture.at(LocalDate.of(2026, month, day));
  }

  @Test
  void windowReadsOnlyThePeriodAndTheLookback() {
    assertEquals(Instant.parse("2026-10-01T00:00:00Z"), october.since());
    assertEquals(Instant.parse("2026-10-31T23:59:59Z"), october.until());
    // 61 runs in the archive; read from 17 September (14 days of lookback): 14 + 31 runs.
    assertEquals(45, october.methodology().runsRead());
    assertEquals(31, october.methodology().runsInPeriod());
    assertEquals(20, october.summary().targets());
  }

  @Test
  void targetMissingForTheWholePeriodIsNotScanned() {
    assertEquals(List.of("host20"), october.notScanned().stream().map(t -> t.target()).toList());
    assertEquals(19, october.summary().targetsScanned());
  }

  @Test
  void targetMissingForAWeekIsAGapInEvidence() {
    Gap g =
        october.gaps().stream().filter(x -> x.target().equals("host05")).findFirst().orElseThrow();
    assertEquals(at(10, 9), g.from());
    assertEquals(at(10, 17), g.to());
    assertFalse(g.ongoing());
    assertEquals(192.0, g.hours());
    assertEquals(48.0, g.expectedHours()); // twice the daily median
    Gap gone =
        october.gaps().stream().filter(x -> x.target().equals("host20")).findFirst().orElseThrow();
    assertTrue(gone.ongoing());
    assertEquals(at(9, 30), gone.from());
    assertEquals(2, october.gaps().size(), "only host05 and host20: " + october.gaps());
  }

  @Test
  void givenExpectedIntervalJudgesGaps() throws IOException {
    PeriodReport r = build(october_query().withExpectedInterval(Duration.ofDays(9)));
    assertEquals(List.of("host20"), r.gaps().stream().map(Gap::target).toList());
  }

  private static PeriodQuery october_query() {
    return PeriodQuery.parse("2026-10-01", Optional.of("2026-10-31"), CLOCK);
  }

  @Test
  void failureOpenedAndResolvedInThePeriodHasItsDays() {
    FailureEpisode f = episode(october, "host03", PeriodFixture.ROOT_LOGIN);
    assertEquals(at(10, 5), f.openedAt());
    assertEquals(Optional.of(at(10, 12)), f.resolvedAt());
    assertTrue(f.openedInPeriod());
    assertEquals(7.0, f.ageDays());
    assertEquals("resolved", f.state());
  }

  @Test
  void failureOpenedBeforeThePeriodResolvedInIt() {
    FailureEpisode f = episode(october, "host11", PeriodFixture.AUTH_TRIES);
    assertEquals(at(9, 20), f.openedAt());
    assertEquals(Optional.of(at(10, 3)), f.resolvedAt());
    assertFalse(f.openedInPeriod());
    assertFalse(f.openedBeforeHistory());
  }

  @Test
  void failureOpenedInThePeriodStillOpenHasItsAgeAtTheEnd() {
    FailureEpisode f = episode(october, "host07", PeriodFixture.AUDIT);
    assertEquals(at(10, 20), f.openedAt());
    assertTrue(f.resolvedAt().isEmpty());
    assertEquals("opened", f.state());
    assertEquals(11.9, f.ageDays());
  }

  @Test
  void failureOlderThanTheHistoryReadHasALowerBoundAge() {
    FailureEpisode f = episode(october, "host09", PeriodFixture.UID0);
    assertTrue(f.openedBeforeHistory());
    assertEquals(at(9, 17), f.openedAt());
    assertEquals("open", f.state());
    assertTrue(f.age().startsWith("≥ "));
  }

  @Test
  void summaryCountsFailures() {
    // opened in the period: host03 and host07; resolved: host03, host11; open: host07, 09, 13, 14.
    assertEquals(2, october.summary().failuresOpened());
    assertEquals(2, october.summary().failuresResolved());
    assertEquals(4, october.summary().failuresStillOpen());
  }

  @Test
  void controlsShowStatusAtStartAndEnd() {
    ControlView au2 = control(october, "AU-2");
    assertEquals(Optional.of(ControlStatus.SATISFIED), au2.atStart());
    assertEquals(ControlStatus.OTHER_THAN_SATISFIED, au2.atEnd());
    assertEquals(List.of("host07"), au2.failingTargetsAtEnd());
    assertEquals("worsened", au2.trend());
    ControlView ac7 = control(october, "AC-7");
    assertEquals(Optional.of(ControlStatus.OTHER_THAN_SATISFIED), ac7.atStart());
    assertEquals(ControlStatus.SATISFIED, ac7.atEnd());
    assertEquals("improved", ac7.trend());
    ControlView ac6 = control(october, "AC-6");
    assertEquals(ControlStatus.OTHER_THAN_SATISFIED, ac6.atEnd());
    assertEquals(List.of("host09"), ac6.failingTargetsAtEnd()); // host13, host14 waived
    assertEquals(ControlStatus.SATISFIED, control(october, "AC-6(2)").atEnd());
  }

  static ControlView control(PeriodReport r, String id) {
    return r.families().stream()
        .flatMap(f -> f.controls().stream())
        .filter(c -> c.control().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void waiverExpiringInTheNextPeriodIsListed() {
    assertEquals(List.of("W-42"), october.waiversExpiring().stream().map(w -> w.id()).toList());
    assertEquals(LocalDate.of(2026, 11, 15), october.waiversExpiring().get(0).expires());
    assertEquals(List.of("host13"), october.waiversExpiring().get(0).targets());
    assertEquals(List.of("W-42", "W-99"), october.waiversUsed().stream().map(w -> w.id()).toList());
  }

  @Test
  void weeklyScoreCoversThePeriod() {
    assertEquals(5, october.weeks().size());
    assertEquals(october.until(), october.weeks().get(4).weekEnd());
    // Week 3 (to 22 Oct): 19 targets × 4 findings; host07, host09 fail unwaived; host13/14 waived.
    PeriodReport.WeekScore last = october.weeks().get(4);
    assertEquals(Optional.of(97.4), last.score()); // 74 pass of 76 conclusive (host20's stay)
    assertTrue(october.summary().scoreAtStart().isPresent());
  }

  @Test
  void groupFilterKeepsOnlyItsTargets() throws IOException {
    PeriodReport prod = build(october_query().withTargets(TargetFilter.group("prod")));
    assertEquals(15, prod.summary().targets());
    assertEquals("group prod", prod.scope());
    assertTrue(prod.notScanned().isEmpty());
    PeriodReport other = build(october_query().withProfile("cis-level1"));
    assertEquals(0, other.summary().targets());
  }

  @Test
  void relativeSinceCountsBackFromUntil() {
    PeriodQuery q = PeriodQuery.parse("30d", Optional.empty(), CLOCK);
    assertEquals(Instant.parse("2026-10-02T06:00:00Z"), q.since());
    assertEquals(CLOCK.instant(), q.until());
    assertEquals(Duration.ofHours(36), PeriodQuery.parseLength("36h"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PeriodQuery.parse("yesterday", Optional.empty(), CLOCK));
    assertTrue(e.getMessage().contains("yesterday"), e.getMessage());
  }

  @Test
  void folderIsSignedAndVerifies() throws IOException {
    Path out = tmp.resolve("report-verify");
    List<Path> files =
        PeriodReportWriter.write(
            october, out, PeriodReportWriter.supported(), Optional.of(ManifestSigner.inHome(home)));
    assertEquals(
        List.of(
            "assessment-results.json",
            "failures.csv",
            "manifest.json",
            "manifest.sig",
            "period.json",
            "report.html"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    Verification v = Verifier.selfContained().verify(out);
    assertTrue(v.ok(), v.describe().toString());
    Files.writeString(out.resolve("failures.csv"), "x", java.nio.file.StandardOpenOption.APPEND);
    Verification bad = Verifier.selfContained().verify(out);
    assertFalse(bad.ok());
    assertEquals(List.of("failures.csv"), bad.changed());
  }

  @Test
  void hostileTextIsEscapedInHtml() throws IOException {
    Path out = tmp.resolve("report-html");
    PeriodReportWriter.write(october, out, EnumSet.of(Format.HTML), Optional.empty());
    String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    assertFalse(html.contains("<script>"), "raw script tag in the period report");
    assertTrue(html.contains("&lt;script&gt;alert("), "hostile text shown as text");
    assertTrue(html.indexOf("Executive summary") < html.indexOf("id=\"controls\""));
    assertTrue(html.contains("<svg class=\"trend\""));
    assertTrue(html.contains("host05"));
    assertTrue(html.contains("W-42"));
  }

  @Test
  void csvHasOneRowPerFailureWithItsAge() throws IOException {
    Path out = tmp.resolve("report-csv");
    PeriodReportWriter.write(october, out, EnumSet.of(Format.CSV), Optional.empty());
    List<String> lines = Files.readAllLines(out.resolve("failures.csv"), StandardCharsets.UTF_8);
    assertEquals(1 + october.failures().size(), lines.size());
    assertTrue(lines.get(0).startsWith("state,target,rule"));
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.startsWith("resolved,host03,sshd.permit-root-login") && l.contains(",7.0,")),
        String.join("\n", lines));
  }

  @Test
  void jsonAndOscalCarryThePeriod() throws IOException {
    Path out = tmp.resolve("report-json");
    PeriodReportWriter.write(october, out, PeriodReportWriter.supported(), Optional.empty());
    JsonNode j = Json.mapper().readTree(out.resolve("period.json").toFile());
    assertEquals("period-20261001-20261031", j.path("reportId").asText());
    assertEquals(1, j.path("summary").path("targetsNotScanned").asInt());
    assertTrue(j.path("methodology").path("scoreDefinition").asText().contains("conclusive"));
    JsonNode o = Json.mapper().readTree(out.resolve("assessment-results.json").toFile());
    JsonNode result = o.path("assessment-results").path("results").get(0);
    assertEquals("2026-10-01T00:00:00Z", result.path("start").asText());
    assertEquals("2026-10-31T23:59:59Z", result.path("end").asText());
    assertTrue(result.path("findings").size() > 0);
    assertTrue(result.path("observations").size() > 0);
  }

  @Test
  void oscalOfThePeriodValidatesAgainstTheOfficialSchema() throws IOException {
    Path out = tmp.resolve("report-oscal");
    PeriodReportWriter.write(october, out, EnumSet.of(Format.OSCAL), Optional.empty());
    JsonNode node = Json.mapper().readTree(out.resolve("assessment-results.json").toFile());
    JsonSchema schema;
    try (InputStream in =
        PeriodReportTest.class.getResourceAsStream("/oscal/oscal-ar_schema.json")) {
      schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
              .getSchema(
                  in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
    Set<ValidationMessage> errors = schema.validate(node);
    assertTrue(errors.isEmpty(), errors.size() + " schema errors: " + errors);
  }

  @Test
  void existingNonEmptyFolderIsRefused() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(out.resolve("keep.txt"), "mine");
    assertThrows(
        IOException.class,
        () -> PeriodReportWriter.write(october, out, EnumSet.of(Format.JSON), Optional.empty()));
    assertEquals("mine", Files.readString(out.resolve("keep.txt")));
  }

  @Test
  void sameHistorySameBytes() throws IOException {
    PeriodReport again = build(october_query());
    assertEquals(
        Json.pretty().writeValueAsString(october), Json.pretty().writeValueAsString(again));
  }
}
