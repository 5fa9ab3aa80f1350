package dev.vigil.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A rule parameter with its type and default, e.g. {@code max_password_age_days: int = 60}. A
 * parameter name means the same thing in every rule that declares it (like an OSCAL ODP), so
 * profiles set it once.
 */
public record RuleParam(String name, Type type, Object defaultValue, String description) {
  /** Parameter types; values are Long, Double, String, Boolean or a list of String in CEL. */
  public enum Type {
    INT,
    DOUBLE,
    STRING,
    BOOL,
    LIST;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code int|double|string|bool|list}; empty when the text is none of them. */
    public static java.util.Optional<Type> parse(String text) {
      for (Type t : values()) {
        if (t.wire().equals(text)) {
          return java.util.Optional.of(t);
        }
      }
      return java.util.Optional.empty();
    }

    /** Whether a YAML scalar or list value fits this type. */
    public boolean accepts(Object value) {
      return switch (this) {
        case INT -> value instanceof Long;
        case DOUBLE -> value instanceof Double || value instanceof Long;
        case STRING -> value instanceof String;
        case BOOL -> value instanceof Boolean;
        case LIST ->
            value instanceof List<?> l
                && l.stream().allMatch(e -> e instanceof String || e instanceof Long);
      };
    }

    /** Normalises an accepted value (doubles from integers, list elements to text). */
    public Object normalise(Object value) {
      if (this == DOUBLE && value instanceof Long l) {
        return l.doubleValue();
      }
      if (this == LIST && value instanceof List<?> l) {
        return l.stream().map(String::valueOf).toList();
      }
      return value;
    }
  }

  public RuleParam {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(defaultValue, "defaultValue");
    requireNonNull(description, "description");
  }

  /** A value rendered for reports: lists comma-separated. */
  public static String render(Object value) {
    if (value instanceof List<?> l) {
      return String.join(", ", l.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }
}
