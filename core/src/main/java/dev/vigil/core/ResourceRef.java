package dev.vigil.core;

import static java.util.Objects.requireNonNull;

/**
 * The resource of a target that a finding is about: the host itself, an account, a file, a
 * certificate. A rule without {@code forEach} yields one finding on {@link #host()}.
 *
 * @param type what kind of resource ({@code host}, {@code account}, {@code file}, {@code
 *     certificate}, ...)
 * @param id its identity within the target ({@code root}, {@code /etc/shadow}, a fingerprint)
 */
public record ResourceRef(String type, String id) {
  private static final ResourceRef HOST = new ResourceRef("host", "host");

  public ResourceRef {
    requireNonNull(type, "type");
    requireNonNull(id, "id");
  }

  public static ResourceRef host() {
    return HOST;
  }

  public boolean isHost() {
    return equals(HOST);
  }
}
