package dev.vigil.scheduler.daemon;

/**
 * The daemon cannot start: a secret file is missing, the database is unreachable, the health port
 * is taken, or Quartz refused its settings. Maps to exit code 2 (configuration) or 3.
 */
public final class DaemonException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean configuration;

  public DaemonException(String message, boolean configuration, Throwable cause) {
    super(message, cause);
    this.configuration = configuration;
  }

  public boolean isConfigurationError() {
    return configuration;
  }
}
