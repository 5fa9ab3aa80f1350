package dev.vigil.index.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.index.IndexConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * vigil's composable index templates: one component template with the ECS finding mappings and four
 * index templates (findings data stream, latest-state index, runs index, alerts data stream).
 * Installation is idempotent: a template is written only when it is missing or its version or
 * retention differs.
 */
public final class Templates {
  /** Raise when a template changes, so existing clusters get the new one. */
  public static final int VERSION = 1;

  private Templates() {}

  /** Name of each template to its body, component template first. */
  public static Map<String, String> component(IndexConfig config) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(config.prefix() + "-findings-mappings", render("findings-mappings", config));
    return m;
  }

  public static Map<String, String> index(IndexConfig config) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(config.findingsStream(), render("findings", config));
    m.put(config.latestIndex(), render("findings-latest", config));
    m.put(config.runsIndex(), render("runs", config));
    m.put(config.alertsStream(), render("alerts", config));
    return m;
  }

  private static String render(String resource, IndexConfig config) {
    String path = "/dev/vigil/index/templates/" + resource + ".json";
    try (InputStream in = Templates.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${version}", Integer.toString(VERSION))
          .replace("${prefix}", config.prefix())
          .replace("${retention}", config.retentionSetting());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Installs what is missing or outdated; returns the names written. */
  public static java.util.List<String> install(Connection c, IndexConfig config)
      throws IOException {
    java.util.List<String> written = new java.util.ArrayList<>();
    for (Map.Entry<String, String> e : component(config).entrySet()) {
      Optional<JsonNode> existing =
          c.jsonOrAbsent("GET", "/_component_template/" + e.getKey(), null);
      int version =
          existing
              .map(j -> j.path("component_templates").path(0).path("component_template"))
              .map(t -> t.path("version").asInt(0))
              .orElse(0);
      if (version != VERSION) {
        c.json("PUT", "/_component_template/" + e.getKey(), e.getValue());
        written.add(e.getKey());
      }
    }
    for (Map.Entry<String, String> e : index(config).entrySet()) {
      Optional<JsonNode> existing = c.jsonOrAbsent("GET", "/_index_template/" + e.getKey(), null);
      JsonNode t =
          existing
              .map(j -> j.path("index_templates").path(0).path("index_template"))
              .orElse(c.mapper().createObjectNode());
      boolean current =
          t.path("version").asInt(0) == VERSION
              && (t.path("data_stream").isMissingNode()
                  || config
                      .retentionSetting()
                      .equals(
                          t.path("template").path("lifecycle").path("data_retention").asText("")));
      if (!current) {
        c.json("PUT", "/_index_template/" + e.getKey(), e.getValue());
        written.add(e.getKey());
      }
    }
    return written;
  }

  /** Which of vigil's templates exist on the cluster. */
  public static Map<String, Boolean> present(Connection c, IndexConfig config) throws IOException {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String name : component(config).keySet()) {
      out.put(
          "component/" + name,
          c.jsonOrAbsent("GET", "/_component_template/" + name, null).isPresent());
    }
    for (String name : index(config).keySet()) {
      out.put("index/" + name, c.jsonOrAbsent("GET", "/_index_template/" + name, null).isPresent());
    }
    return out;
  }
}
