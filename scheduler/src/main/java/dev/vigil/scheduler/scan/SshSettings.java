package dev.vigil.scheduler.scan;

import dev.vigil.collectors.transport.ssh.SshTargetConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How SSH targets given on the command line are reached, and the per-host settings of an inventory.
 *
 * @param byTarget connection settings for the targets of an inventory, keyed by target name
 */
public record SshSettings(
    String defaultUser,
    Optional<Path> identity,
    Optional<Path> passwordFile,
    Path knownHosts,
    boolean acceptNew,
    boolean sudo,
    Map<String, SshTargetConfig> byTarget) {
  public SshSettings {
    identity = identity == null ? Optional.empty() : identity;
    passwordFile = passwordFile == null ? Optional.empty() : passwordFile;
    byTarget = Map.copyOf(byTarget == null ? Map.of() : byTarget);
  }

  public static SshSettings defaults() {
    return new SshSettings(
        System.getProperty("user.name", "root"),
        Optional.empty(),
        Optional.empty(),
        SshTargetConfig.defaultKnownHosts(),
        false,
        false,
        Map.of());
  }
}
