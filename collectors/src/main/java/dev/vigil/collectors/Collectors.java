package dev.vigil.collectors;

import java.util.List;

/**
 * The registry of built-in collectors. Every implementation of {@link Collector} in this module
 * must be listed here; a test proves it, because a missing registration means a control silently
 * unassessed.
 */
public final class Collectors {
  private Collectors() {}

  public static List<Collector> builtIn() {
    return List.of(
        // one line per collector; keep sorted by id
        new dev.vigil.collectors.certificates.CertificateFilesCollector(),
        new dev.vigil.collectors.logindefs.LoginDefsCollector(),
        new dev.vigil.collectors.sshd.SshdCollector());
  }
}
