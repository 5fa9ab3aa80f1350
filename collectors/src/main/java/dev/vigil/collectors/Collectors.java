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
        new dev.vigil.collectors.accounts.AuthorizedKeysCollector(),
        new dev.vigil.collectors.accounts.LocalAccountsCollector(),
        new dev.vigil.collectors.accounts.SudoersCollector(),
        new dev.vigil.collectors.certificates.CertificateFilesCollector(),
        new dev.vigil.collectors.files.FilePermissionsCollector(),
        new dev.vigil.collectors.files.SpecialFilesCollector(),
        new dev.vigil.collectors.logging.AuditdCollector(),
        new dev.vigil.collectors.logging.JournaldCollector(),
        new dev.vigil.collectors.logging.LogrotateCollector(),
        new dev.vigil.collectors.logging.RsyslogCollector(),
        new dev.vigil.collectors.logindefs.LoginDefsCollector(),
        new dev.vigil.collectors.mounts.MountsCollector(),
        new dev.vigil.collectors.network.ListeningSocketsCollector(),
        new dev.vigil.collectors.packages.PackagesCollector(),
        new dev.vigil.collectors.pam.PamCollector(),
        new dev.vigil.collectors.services.ServicesCollector(),
        new dev.vigil.collectors.sshd.SshdCollector(),
        new dev.vigil.collectors.sysctl.SysctlCollector(),
        new dev.vigil.collectors.system.SystemCollector(),
        new dev.vigil.collectors.timesync.TimeSyncCollector());
  }
}
