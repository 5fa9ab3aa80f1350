package dev.vigil.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlIdTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"ac-6(2)", "AC-6 (2)", "AC-06(02)", " AC-6(2) ", "ac-6.2", "Ac - 6 ( 2 )"})
  void spellingsNormaliseToCatalogLabel(String text) {
    assertEquals("AC-6(2)", ControlId.parse(text).toString());
  }

  @Test
  void baseControlHasNoEnhancement() {
    ControlId cm6 = ControlId.parse("cm-06");
    assertEquals("CM-6", cm6.toString());
    assertEquals("cm-6", cm6.oscalId());
    assertEquals(cm6, ControlId.parse("CM-6(1)").base());
    assertEquals("ac-6.2", ControlId.parse("AC-6(2)").oscalId());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "AC", "AC-", "A-6", "ACC-6", "AC-6(", "AC-6(x)", "AC-0", "6-AC", "AC-6)2("})
  void junkIsRejectedWithTheValueInTheMessage(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ControlId.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @Test
  void ordersByFamilyNumberEnhancement() {
    assertTrue(ControlId.parse("AC-2").compareTo(ControlId.parse("AC-10")) < 0);
    assertTrue(ControlId.parse("AC-6").compareTo(ControlId.parse("AC-6(1)")) < 0);
    assertTrue(ControlId.parse("AU-2").compareTo(ControlId.parse("AC-99")) > 0);
  }
}
