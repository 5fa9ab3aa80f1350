package dev.vigil.core;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * The waiver that matched a finding, as shown beside it. An expired waiver is still shown, with
 * {@code expired} set, and does not waive.
 */
public record WaiverRef(
    String id, String owner, String justification, LocalDate expires, boolean expired) {
  public WaiverRef {
    requireNonNull(id, "id");
    requireNonNull(owner, "owner");
    requireNonNull(justification, "justification");
    requireNonNull(expires, "expires");
  }
}
