package dev.vigil.core.transport;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Digests;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.SourceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** The bytes of one file read from a target, with their digest and when they were read. */
public final class FileContent {
  private final String path;
  private final byte[] bytes;
  private final String sha256;
  private final Instant readAt;

  public FileContent(String path, byte[] bytes, Instant readAt) {
    this.path = requireNonNull(path, "path");
    this.bytes = bytes.clone();
    this.readAt = requireNonNull(readAt, "readAt");
    this.sha256 = Digests.sha256(this.bytes);
  }

  public String path() {
    return path;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  public String sha256() {
    return sha256;
  }

  public Instant readAt() {
    return readAt;
  }

  /** The content as UTF-8, malformed sequences replaced. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** True when the content looks binary (a NUL byte in the first 8 KiB). */
  public boolean looksBinary() {
    int n = Math.min(bytes.length, 8192);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  public Provenance provenance() {
    return new Provenance(SourceKind.FILE, path, Optional.of(sha256), bytes.length, readAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileContent other
        && path.equals(other.path)
        && Arrays.equals(bytes, other.bytes)
        && readAt.equals(other.readAt);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + sha256.hashCode();
  }

  @Override
  public String toString() {
    return "FileContent[" + path + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
  }
}
