package dev.vigil.core.transport;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Metadata of one path on a target, as {@code lstat} reports it. Owners are numeric: names are
 * resolved against the target's own {@code /etc/passwd}, never the scanning host's.
 *
 * @param mode permission bits including setuid, setgid and sticky ({@code 04755})
 * @param linkTarget the target of a symlink, as written in the link
 */
public record FileStat(
    String path,
    FileType type,
    int mode,
    long uid,
    long gid,
    long size,
    Instant modified,
    Optional<String> linkTarget) {
  public FileStat {
    requireNonNull(path, "path");
    requireNonNull(type, "type");
    requireNonNull(modified, "modified");
    linkTarget = linkTarget == null ? Optional.empty() : linkTarget;
  }

  /** The permission bits as four octal digits, {@code 0644}. */
  public String modeOctal() {
    return String.format("%04o", mode & 07777);
  }

  public boolean worldWritable() {
    return (mode & 0002) != 0;
  }
}
