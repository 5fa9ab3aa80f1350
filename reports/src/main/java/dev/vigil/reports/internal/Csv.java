package dev.vigil.reports.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 rows for every CSV vigil writes. A value a spreadsheet would run as a formula ({@code
 * =cmd|...}, {@code @SUM}, {@code +1+cmd}) is prefixed with {@code '} so that a hostile value from
 * a scanned file stays text.
 */
public final class Csv {
  private Csv() {}

  /** Writes one row, fields quoted where needed, ended by CRLF. */
  public static void row(Writer w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(field(fields.get(i)));
    }
    w.write("\r\n");
  }

  static String field(String raw) {
    String v = defuse(raw);
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char ch = v.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
    }
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  private static String defuse(String v) {
    if (v.isEmpty()) {
      return v;
    }
    char c = v.charAt(0);
    boolean formula =
        c == '='
            || c == '@'
            || c == '\t'
            || c == '\r'
            || ((c == '+' || c == '-') && !v.matches("[+-]\\d+(\\.\\d+)?"));
    return formula ? "'" + v : v;
  }
}
