package dev.vigil.core.transport;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum FileType {
  FILE,
  DIRECTORY,
  SYMLINK,
  OTHER;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
