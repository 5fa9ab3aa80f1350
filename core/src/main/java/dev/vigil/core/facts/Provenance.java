package dev.vigil.core.facts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a fact came from: the path or command that was read, the SHA-256 of the bytes read, how
 * many bytes, and when. An auditor re-reads the source and compares the digest.
 *
 * @param source a path on the target ({@code /etc/ssh/sshd_config}) or a command ({@code sshd -T})
 * @param sha256 the digest of what was read; empty when nothing could be read
 */
public record Provenance(
    SourceKind kind, String source, Optional<String> sha256, long bytes, Instant readAt) {
  public Provenance {
    requireNonNull(kind, "kind");
    requireNonNull(source, "source");
    requireNonNull(readAt, "readAt");
    sha256 = sha256 == null ? Optional.empty() : sha256;
  }

  public static Provenance file(String path, String sha256, long bytes, Instant readAt) {
    return new Provenance(SourceKind.FILE, path, Optional.of(sha256), bytes, readAt);
  }

  public static Provenance unread(SourceKind kind, String source, Instant at) {
    return new Provenance(kind, source, Optional.empty(), 0, at);
  }
}
