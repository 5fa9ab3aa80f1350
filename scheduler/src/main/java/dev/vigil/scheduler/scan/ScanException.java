package dev.vigil.scheduler.scan;

/**
 * The run as a whole could not happen (invalid rule pack, waivers or profile, unwritable output).
 * Maps to exit code 2 when it is the user's configuration, 3 when the scan itself failed.
 */
public class ScanException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean configuration;

  public ScanException(String message, boolean configuration, Throwable cause) {
    super(message, cause);
    this.configuration = configuration;
  }

  public boolean isConfigurationError() {
    return configuration;
  }
}
