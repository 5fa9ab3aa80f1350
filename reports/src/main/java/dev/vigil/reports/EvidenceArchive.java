package dev.vigil.reports;

import dev.vigil.core.Assessment;
import dev.vigil.core.facts.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded default evidence store: a directory with one folder per run ({@code
 * vigil-out/<run-id>/}) holding the report, findings, snapshots and a manifest.
 */
public final class EvidenceArchive {
  private final Path root;

  public EvidenceArchive(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * Writes one run; the findings and snapshot files are always written, plus the chosen formats.
   */
  public RunDirectory write(Assessment assessment, List<Snapshot> snapshots, Set<Format> formats)
      throws IOException {
    throw new UnsupportedOperationException("TODO(issue 8)");
  }

  /** The most recent run in the archive, for change detection. */
  public Optional<Assessment> latest() throws IOException {
    return Optional.empty();
  }
}
