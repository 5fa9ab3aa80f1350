package dev.vigil.index;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret (an API key, a password) is read from: a file or an environment variable, never
 * the command line or a committed configuration. The secret itself is read only when a connection
 * is built and never kept in this object, so printing a configuration never shows it.
 */
public record SecretSource(Kind kind, String location) {

  public enum Kind {
    FILE,
    ENV
  }

  public SecretSource {
    requireNonNull(kind, "kind");
    requireNonNull(location, "location");
    if (location.isBlank()) {
      throw new IllegalArgumentException("secret location must not be blank");
    }
  }

  public static SecretSource file(Path path) {
    return new SecretSource(Kind.FILE, path.toString());
  }

  public static SecretSource env(String variable) {
    return new SecretSource(Kind.ENV, variable);
  }

  /**
   * Parses {@code file:/path} or {@code env:NAME}, the spelling used in configuration files and
   * options.
   */
  public static SecretSource parse(String text) {
    requireNonNull(text, "secret source");
    if (text.startsWith("file:")) {
      return file(Path.of(text.substring("file:".length())));
    }
    if (text.startsWith("env:")) {
      return env(text.substring("env:".length()));
    }
    // Never echo the value: it may be the secret itself.
    throw new IllegalArgumentException(
        "secret must be given as file:/path or env:NAME (never inline)");
  }

  /**
   * Reads the secret, trimmed of surrounding white space. Throws {@link IllegalStateException}
   * naming the file or variable (never the value) when it is missing or empty.
   */
  public String read() {
    String value;
    if (kind == Kind.ENV) {
      value = System.getenv(location);
      if (value == null) {
        throw new IllegalStateException("environment variable " + location + " is not set");
      }
    } else {
      try {
        value = Files.readString(Path.of(location), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read secret file " + location + ": " + e, e);
      }
    }
    value = value.strip();
    if (value.isEmpty()) {
      throw new IllegalStateException("secret " + this + " is empty");
    }
    return value;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + location;
  }
}
