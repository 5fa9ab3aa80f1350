package dev.vigil.rules.internal;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders CEL values as the short text shown in findings: {@code yes}, {@code 4}, {@code a, b}. */
public final class Render {
  private static final int MAX = 2000;

  private Render() {}

  public static String value(Object v) {
    String s = raw(v);
    return s.length() > MAX ? s.substring(0, MAX) + "… (" + s.length() + " chars)" : s;
  }

  private static String raw(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Optional<?> o) {
      return o.map(Render::raw).orElse("(not set)");
    }
    if (v instanceof Collection<?> c) {
      return c.isEmpty() ? "(none)" : c.stream().map(Render::raw).collect(Collectors.joining(", "));
    }
    if (v instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .map(e -> raw(e.getKey()) + ": " + raw(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (v instanceof Timestamp t) {
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return String.valueOf(d.longValue());
    }
    return String.valueOf(v);
  }
}
