package dev.vigil.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.core.ControlId;
import dev.vigil.core.ControlResult;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Status;
import dev.vigil.core.WaiverRef;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RollupTest {
  static Finding f(String rule, Status status, String... controls) {
    return Finding.builder(RuleId.of(rule), "web-1", ResourceRef.host())
        .title(rule)
        .status(status)
        .controls(java.util.Arrays.stream(controls).map(ControlId::parse).toList())
        .build();
  }

  static Map<String, ControlStatus> rollup(List<Finding> findings) {
    return Rollup.compute(findings, ControlCatalog.builtIn()).stream()
        .collect(Collectors.toMap(r -> r.control().toString(), ControlResult::status));
  }

  @Test
  void failingFindingMakesItsControlsOtherThanSatisfied() {
    Map<String, ControlStatus> r =
        rollup(List.of(f("a", Status.PASS, "AC-6(2)", "CM-6"), f("b", Status.FAIL, "CM-6")));
    assertEquals(ControlStatus.SATISFIED, r.get("AC-6(2)"));
    assertEquals(ControlStatus.OTHER_THAN_SATISFIED, r.get("CM-6"));
  }

  @Test
  void waivedFailureCountsAsSatisfiedButErrorDoesNot() {
    Finding waived =
        f("a", Status.FAIL, "AC-6(2)")
            .withWaiver(new WaiverRef("W-1", "o", "j", LocalDate.of(2099, 1, 1), false));
    Map<String, ControlStatus> r = rollup(List.of(waived, f("b", Status.ERROR, "CM-6")));
    assertEquals(ControlStatus.SATISFIED, r.get("AC-6(2)"));
    assertEquals(ControlStatus.OTHER_THAN_SATISFIED, r.get("CM-6"));
  }

  @Test
  void onlyNotApplicableFindingsLeaveTheControlNotAssessed() {
    Map<String, ControlStatus> r =
        rollup(List.of(f("a", Status.NOTAPPLICABLE, "SC-8"), f("b", Status.NOTCHECKED, "SC-8")));
    assertEquals(ControlStatus.NOT_ASSESSED, r.get("SC-8"));
  }

  @Test
  void resultsCarryTheCatalogTitleAndTheFindingsBehindThem() {
    Finding a = f("a", Status.PASS, "AC-6(2)");
    ControlResult r = Rollup.compute(List.of(a), ControlCatalog.builtIn()).get(0);
    assertEquals("Non-privileged Access for Nonsecurity Functions", r.title().orElseThrow());
    assertEquals(List.of(a.id()), r.findings());
  }
}
