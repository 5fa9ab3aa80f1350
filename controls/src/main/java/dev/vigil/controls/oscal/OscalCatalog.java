package dev.vigil.controls.oscal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.ControlId;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an OSCAL catalog (the NIST SP 800-53 Rev 5 catalog, or a resolved baseline profile, which
 * is a catalog of the controls the baseline selects): every control and enhancement with its
 * family, title, withdrawn status and statement text.
 */
public final class OscalCatalog {
  private static final Pattern INSERT =
      Pattern.compile("\\{\\{\\s*insert:\\s*param,\\s*([A-Za-z0-9_.-]+)\\s*}}");

  /** One control or enhancement as the catalog states it. */
  public record Control(
      ControlId id,
      String title,
      String familyId,
      String familyTitle,
      boolean withdrawn,
      String statement) {
    public Control {
      requireNonNull(id, "id");
      requireNonNull(title, "title");
      requireNonNull(familyTitle, "familyTitle");
      requireNonNull(statement, "statement");
    }
  }

  private final String version;
  private final List<Control> controls;

  private OscalCatalog(String version, List<Control> controls) {
    this.version = version;
    this.controls = List.copyOf(controls);
  }

  /** Reads a catalog file; throws IOException naming the file when it is not an OSCAL catalog. */
  public static OscalCatalog load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  public static OscalCatalog read(InputStream in, String name) throws IOException {
    JsonNode root = Json.mapper().readTree(in);
    JsonNode catalog = root == null ? null : root.get("catalog");
    if (catalog == null || !catalog.isObject()) {
      throw new IOException(name + ": not an OSCAL catalog (no top-level 'catalog' object)");
    }
    String version = catalog.path("metadata").path("version").asText("");
    List<Control> out = new ArrayList<>();
    for (JsonNode group : catalog.path("groups")) {
      String familyId = group.path("id").asText("");
      String familyTitle = group.path("title").asText("");
      walk(group.path("controls"), familyId, familyTitle, out, name);
    }
    walk(catalog.path("controls"), "", "", out, name);
    return new OscalCatalog(version, out);
  }

  private static void walk(
      JsonNode controls, String familyId, String familyTitle, List<Control> out, String name)
      throws IOException {
    for (JsonNode c : controls) {
      String oscalId = c.path("id").asText("");
      ControlId id;
      try {
        id = ControlId.parse(oscalId);
      } catch (IllegalArgumentException e) {
        throw new IOException(name + ": control with a bad id: " + e.getMessage(), e);
      }
      boolean withdrawn = false;
      for (JsonNode p : c.path("props")) {
        if (p.path("name").asText().equals("status")
            && p.path("value").asText().equals("withdrawn")) {
          withdrawn = true;
        }
      }
      Map<String, String> params = new HashMap<>();
      for (JsonNode p : c.path("params")) {
        String label = p.path("label").asText("");
        if (label.isEmpty()) {
          label = p.path("select").isMissingNode() ? "" : "Selection";
        }
        params.put(p.path("id").asText(), label);
      }
      StringBuilder statement = new StringBuilder();
      for (JsonNode part : c.path("parts")) {
        if (part.path("name").asText().equals("statement")) {
          prose(part, params, statement, 0);
        }
      }
      out.add(
          new Control(
              id,
              c.path("title").asText(""),
              familyId,
              familyTitle,
              withdrawn,
              statement.toString().strip()));
      walk(c.path("controls"), familyId, familyTitle, out, name);
    }
  }

  private static void prose(
      JsonNode part, Map<String, String> params, StringBuilder sb, int depth) {
    String label = "";
    for (JsonNode p : part.path("props")) {
      if (p.path("name").asText().equals("label")) {
        label = p.path("value").asText();
      }
    }
    String text = part.path("prose").asText("");
    if (!text.isEmpty() || !label.isEmpty()) {
      sb.append("  ".repeat(Math.max(0, depth - 1)));
      if (!label.isEmpty()) {
        sb.append(label).append(' ');
      }
      Matcher m = INSERT.matcher(text);
      StringBuilder t = new StringBuilder();
      while (m.find()) {
        String l = params.getOrDefault(m.group(1), "");
        m.appendReplacement(
            t, Matcher.quoteReplacement("[Assignment: " + (l.isEmpty() ? m.group(1) : l) + "]"));
      }
      m.appendTail(t);
      sb.append(t).append('\n');
    }
    for (JsonNode sub : part.path("parts")) {
      prose(sub, params, sb, depth + 1);
    }
  }

  public String version() {
    return version;
  }

  public List<Control> controls() {
    return controls;
  }

  public Optional<Control> find(ControlId id) {
    return controls.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
