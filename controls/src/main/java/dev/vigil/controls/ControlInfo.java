package dev.vigil.controls;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.ControlId;
import java.util.Set;

/**
 * One control of the catalog as vigil ships it in its compact index.
 *
 * @param baselines the NIST SP 800-53B baselines that select it: {@code low}, {@code moderate},
 *     {@code high}
 */
public record ControlInfo(ControlId id, String title, String familyTitle, Set<String> baselines) {
  public ControlInfo {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(familyTitle, "familyTitle");
    baselines = Set.copyOf(baselines);
  }

  public String family() {
    return id.family();
  }
}
