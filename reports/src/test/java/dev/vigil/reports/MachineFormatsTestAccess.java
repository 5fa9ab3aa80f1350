package dev.vigil.reports;

/** Reaches the package-private helpers of the renderers under test. */
final class MachineFormatsTestAccess {
  private MachineFormatsTestAccess() {}

  static String csvField(String s) {
    return dev.vigil.reports.internal.TestHooks.csvField(s);
  }

  static String xmlSafe(String s) {
    return dev.vigil.reports.internal.TestHooks.xmlSafe(s);
  }
}
