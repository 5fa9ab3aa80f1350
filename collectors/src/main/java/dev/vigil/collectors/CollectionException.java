package dev.vigil.collectors;

/**
 * The target as a whole could not be read by a collector (not a single bad file: that is a fact).
 */
public class CollectionException extends Exception {
  private static final long serialVersionUID = 1L;

  public CollectionException(String message) {
    super(message);
  }

  public CollectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
