package dev.vigil.collectors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Small text helpers for configuration parsers. */
public final class Lines {
  private Lines() {}

  /** Splits on {@code \n}, dropping a trailing {@code \r} from each line. */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    while (start < n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int e = end;
      if (e > start && text.charAt(e - 1) == '\r') {
        e--;
      }
      out.add(text.substring(start, e));
      start = end + 1;
    }
    return out;
  }

  /** The line without a {@code #} comment (whole-line or after whitespace), stripped. */
  public static String stripComment(String line) {
    String s = line.strip();
    if (s.startsWith("#")) {
      return "";
    }
    return s;
  }

  /** A short, printable rendering of a bad line for a problem message. */
  public static String clip(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f || c == '\uFFFD' ? '?' : c);
    }
    if (s.length() > max) {
      b.append("...");
    }
    return b.toString();
  }

  /** A problem message in the {@code path:line: what} form. */
  public static String problem(String path, int line, String what) {
    return path + ":" + line + ": " + what;
  }

  /** Parses a signed decimal integer that fits a long, or empty. */
  public static Optional<Long> parseLong(String s) {
    String t = s.strip();
    if (!t.matches("[-+]?[0-9]{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
  }

  /** An integer when the value is one signed decimal integer, else the string. */
  public static Object number(String s) {
    Optional<Long> l = parseLong(s);
    return l.isPresent() ? (Object) l.get() : s;
  }

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Splits on runs of whitespace, dropping empties. */
  public static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** True when the text is mostly unprintable (binary or random junk). */
  public static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c == '\uFFFD') {
        return false;
      }
    }
    return true;
  }
}
