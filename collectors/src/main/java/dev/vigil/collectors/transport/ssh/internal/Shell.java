package dev.vigil.collectors.transport.ssh.internal;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting. */
public final class Shell {
  private Shell() {}

  /** One word for a POSIX shell: single-quoted, embedded quotes as {@code '\''}. */
  public static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  public static String join(List<String> words) {
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }
}
