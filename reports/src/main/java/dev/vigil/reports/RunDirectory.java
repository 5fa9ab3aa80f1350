package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@link EvidenceArchive#write} produced: the run folder and its files. */
public record RunDirectory(Path dir, Optional<Path> report, List<Path> files) {
  public RunDirectory {
    requireNonNull(dir, "dir");
    report = report == null ? Optional.empty() : report;
    files = List.copyOf(files);
  }
}
