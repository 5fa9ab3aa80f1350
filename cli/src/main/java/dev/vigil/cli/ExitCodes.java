package dev.vigil.cli;

/** The exit codes of DESIGN.md. */
public final class ExitCodes {
  /** Nothing failed at or above --fail-on. */
  public static final int OK = 0;

  /** Failed findings at or above --fail-on. */
  public static final int FAILED = 1;

  /** Usage or configuration error. */
  public static final int USAGE = 2;

  /** The scan itself could not run. */
  public static final int SCAN_ERROR = 3;

  private ExitCodes() {}
}
