package dev.vigil.core.facts;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fact values are JSON-shaped and deeply immutable: {@code Map<String, ?>} (insertion order kept),
 * {@code List<?>}, {@code String}, {@code Long}, {@code Double}, {@code Boolean}. Integers of every
 * width become {@code Long} so rules see one numeric type. Nulls are rejected: an absent value is
 * an absent key.
 */
public final class FactValues {
  private FactValues() {}

  /** Returns a deeply immutable, normalised copy of a JSON-shaped value. */
  public static Object copy(Object value) {
    return copy(value, "$");
  }

  private static Object copy(Object value, String where) {
    if (value == null) {
      throw new IllegalArgumentException("fact values must not contain null (at " + where + ")");
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b) {
      return b.longValueExact();
    }
    if (value instanceof Double) {
      return value;
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("fact map keys must be strings (at " + where + ")");
        }
        out.put(key, copy(e.getValue(), where + "." + key));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(copy(list.get(i), where + "[" + i + "]"));
      }
      return Collections.unmodifiableList(out);
    }
    throw new IllegalArgumentException(
        "fact values must be JSON-shaped, not "
            + value.getClass().getName()
            + " (at "
            + where
            + ")");
  }
}
