package dev.vigil.alerts.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.core.json.Json;
import java.util.Locale;
import java.util.Map;

/**
 * The wire formats of an event. Both are JSON objects built as maps and written by Jackson (keys
 * sorted, so the same event always yields the same bytes).
 */
public enum AlertFormat {
  /** vigil's event in the Elastic Common Schema: {@code event.kind: alert}. */
  ECS {
    @Override
    public Map<String, Object> render(AlertEvent event) {
      return EcsEvent.render(event);
    }
  },
  /** OCSF 1.8.0 Compliance Finding, {@code class_uid} 2003. */
  OCSF {
    @Override
    public Map<String, Object> render(AlertEvent event) {
      return OcsfComplianceFinding.render(event);
    }
  };

  /** The event as a JSON-shaped map: values are maps, lists, strings, numbers and booleans. */
  public abstract Map<String, Object> render(AlertEvent event);

  /** The event as compact UTF-8 JSON, without a line break. */
  public byte[] bytes(AlertEvent event) {
    try {
      return Json.mapper().writeValueAsBytes(render(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert map is always serializable", e);
    }
  }

  /** Parses {@code ecs} or {@code ocsf}, any case; names the accepted values on error. */
  public static AlertFormat parse(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (AlertFormat f : values()) {
      if (f.name().equals(t)) {
        return f;
      }
    }
    throw new IllegalArgumentException("alert format must be one of ecs|ocsf: " + text);
  }
}
