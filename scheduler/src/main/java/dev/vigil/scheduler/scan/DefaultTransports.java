package dev.vigil.scheduler.scan;

import dev.vigil.collectors.Collectors;
import dev.vigil.collectors.tls.TlsProbe;
import dev.vigil.collectors.tls.TlsProbeOptions;
import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.collectors.transport.root.RootDirTransport;
import dev.vigil.collectors.transport.ssh.SshTargetConfig;
import dev.vigil.collectors.transport.ssh.SshTransport;
import dev.vigil.core.Target;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the built-in transports: this host, root directories and SSH hosts. */
public final class DefaultTransports implements TransportFactory {
  private final Clock clock;
  private final SshSettings ssh;

  public DefaultTransports(Clock clock) {
    this(clock, SshSettings.defaults());
  }

  public DefaultTransports(Clock clock, SshSettings ssh) {
    this.clock = clock;
    this.ssh = ssh;
  }

  /** The pipeline with the built-in transports, collectors and TLS prober. */
  public static ScanPipeline pipeline(String toolVersion) {
    return pipeline(toolVersion, SshSettings.defaults(), Clock.systemUTC());
  }

  public static ScanPipeline pipeline(String toolVersion, SshSettings ssh, Clock clock) {
    TlsProbe tls = new TlsProbe(TlsProbeOptions.defaults().withClock(clock));
    return new ScanPipeline(
        new DefaultTransports(clock, ssh), Collectors.builtIn(), tls::probe, toolVersion);
  }

  /** This host, named by its kernel host name. */
  public static Target localTarget() {
    return Target.local(LocalTransport.localHostName());
  }

  @Override
  public Transport open(Target target) throws IOException {
    return switch (target.kind()) {
      case LOCAL -> new LocalTransport(target, clock);
      case ROOT ->
          new RootDirTransport(Path.of(target.location().substring("root:".length())), clock);
      case SSH -> SshTransport.connect(target, sshConfig(target));
      case TLS ->
          throw new IOException(target.location() + ": a TLS endpoint has no file transport");
    };
  }

  private SshTargetConfig sshConfig(Target target) {
    SshTargetConfig inventory = ssh.byTarget().get(target.name());
    if (inventory != null) {
      return inventory;
    }
    SshTargetConfig.Builder b =
        SshTargetConfig.fromTarget(target, ssh.defaultUser())
            .knownHosts(ssh.knownHosts())
            .acceptNew(ssh.acceptNew())
            .sudo(ssh.sudo());
    ssh.identity().ifPresent(b::identityFile);
    ssh.passwordFile().ifPresent(b::passwordFile);
    if (ssh.identity().isEmpty() && ssh.passwordFile().isEmpty()) {
      b.agent(true);
    }
    return b.build();
  }
}
