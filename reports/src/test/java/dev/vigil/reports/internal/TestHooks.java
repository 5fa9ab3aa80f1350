package dev.vigil.reports.internal;

/** Package-private helpers of the renderers, for tests in other packages. */
public final class TestHooks {
  private TestHooks() {}

  public static String csvField(String s) {
    return CsvRenderer.field(s);
  }

  public static String xmlSafe(String s) {
    return JunitRenderer.x(s);
  }
}
