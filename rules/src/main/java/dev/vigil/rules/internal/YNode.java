package dev.vigil.rules.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.rules.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML node with the position it was read from, so that every problem in a rule pack, profile or
 * waivers file can name its file, line and column. Scalars keep Jackson's YAML typing (plain {@code
 * 60} is a Long, {@code "60"} a String).
 */
public final class YNode {
  /** Kind of node. */
  public enum Kind {
    MAP,
    LIST,
    SCALAR
  }

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final Kind kind;
  private final int line;
  private final int column;
  private final Map<String, YNode> map;
  private final Map<String, int[]> keyPositions;
  private final List<YNode> list;
  private final Object scalar;

  private YNode(
      Kind kind,
      int line,
      int column,
      Map<String, YNode> map,
      Map<String, int[]> keyPositions,
      List<YNode> list,
      Object scalar) {
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.map = map;
    this.keyPositions = keyPositions;
    this.list = list;
    this.scalar = scalar;
  }

  /**
   * Parses one YAML document. Syntax errors and duplicate keys are added to {@code problems}; the
   * result is empty when the document could not be read at all.
   */
  public static Optional<YNode> parse(String file, String text, List<Problem> problems) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        problems.add(new Problem(file, 1, 1, "empty document"));
        return Optional.empty();
      }
      return Optional.of(read(file, p, problems));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      int line = loc == null ? 1 : Math.max(1, loc.getLineNr());
      int col = loc == null ? 1 : Math.max(1, loc.getColumnNr());
      problems.add(new Problem(file, line, col, "invalid YAML: " + e.getOriginalMessage()));
      return Optional.empty();
    } catch (IOException e) {
      problems.add(new Problem(file, 1, 1, "cannot read: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private static YNode read(String file, JsonParser p, List<Problem> problems) throws IOException {
    JsonLocation loc = p.currentTokenLocation();
    int line = loc.getLineNr();
    int col = loc.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, YNode> m = new LinkedHashMap<>();
        Map<String, int[]> keys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonLocation kl = p.currentTokenLocation();
          p.nextToken();
          YNode value = read(file, p, problems);
          if (m.containsKey(key)) {
            problems.add(
                new Problem(file, kl.getLineNr(), kl.getColumnNr(), "duplicate key '" + key + "'"));
          } else {
            m.put(key, value);
            keys.put(key, new int[] {kl.getLineNr(), kl.getColumnNr()});
          }
        }
        return new YNode(
            Kind.MAP,
            line,
            col,
            Collections.unmodifiableMap(m),
            Collections.unmodifiableMap(keys),
            List.of(),
            null);
      }
      case START_ARRAY -> {
        List<YNode> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(file, p, problems));
        }
        return new YNode(Kind.LIST, line, col, Map.of(), Map.of(), List.copyOf(l), null);
      }
      case VALUE_STRING -> {
        return scalar(line, col, p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return scalar(line, col, p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return scalar(line, col, p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return scalar(line, col, Boolean.TRUE);
      }
      case VALUE_FALSE -> {
        return scalar(line, col, Boolean.FALSE);
      }
      case VALUE_NULL -> {
        return scalar(line, col, null);
      }
      default -> {
        problems.add(new Problem(file, line, col, "unexpected YAML token " + t));
        return scalar(line, col, null);
      }
    }
  }

  private static YNode scalar(int line, int col, Object value) {
    return new YNode(Kind.SCALAR, line, col, Map.of(), Map.of(), List.of(), value);
  }

  public Kind kind() {
    return kind;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public boolean isMap() {
    return kind == Kind.MAP;
  }

  public boolean isList() {
    return kind == Kind.LIST;
  }

  public boolean isScalar() {
    return kind == Kind.SCALAR;
  }

  public boolean isNull() {
    return kind == Kind.SCALAR && scalar == null;
  }

  /** Entries of a map node in document order; empty for other kinds. */
  public Map<String, YNode> entries() {
    return map;
  }

  public Optional<YNode> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  /** Line and column of a key of this map, or of this node when the key is not present. */
  public int[] keyPosition(String key) {
    int[] pos = keyPositions.get(key);
    return pos == null ? new int[] {line, column} : pos;
  }

  public List<YNode> items() {
    return list;
  }

  /** The scalar value: String, Long, Double, Boolean, or null. */
  public Object scalar() {
    return scalar;
  }

  /** Converts to plain Java values (maps, lists, scalars), e.g. for a snapshot fixture. */
  public Object toPlain() {
    return switch (kind) {
      case SCALAR -> scalar;
      case LIST -> {
        List<Object> out = new ArrayList<>();
        for (YNode n : list) {
          out.add(n.toPlain());
        }
        yield out;
      }
      case MAP -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v.toPlain()));
        yield out;
      }
    };
  }

  public String describe() {
    return switch (kind) {
      case MAP -> "a map";
      case LIST -> "a list";
      case SCALAR ->
          scalar == null
              ? "nothing"
              : scalar instanceof String
                  ? "text"
                  : scalar instanceof Long
                      ? "an integer"
                      : scalar instanceof Double ? "a number" : "a boolean";
    };
  }
}
