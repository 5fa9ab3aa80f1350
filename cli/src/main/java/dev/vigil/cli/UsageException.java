package dev.vigil.cli;

/** A usage or configuration error found while running a command: one line, exit 2. */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
