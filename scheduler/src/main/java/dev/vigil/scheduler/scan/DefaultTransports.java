package dev.vigil.scheduler.scan;

import dev.vigil.collectors.Collectors;
import dev.vigil.collectors.tls.TlsProbe;
import dev.vigil.collectors.tls.TlsProbeOptions;
import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.collectors.transport.root.RootDirTransport;
import dev.vigil.collectors.transport.ssh.ReadAheadPlan;
import dev.vigil.collectors.transport.ssh.SshTargetConfig;
import dev.vigil.collectors.transport.ssh.SshTransport;
import dev.vigil.core.Target;
import dev.vigil.core.transport.CommandResult;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Opens the built-in transports: this host, root directories and SSH hosts. */
public final class DefaultTransports implements TransportFactory {
  private final Clock clock;
  private final SshSettings ssh;

  /**
   * What the collectors read on the SSH hosts scanned so far: each later host of the fleet fetches
   * all of it in one round trip before its collectors start.
   */
  private final ReadAheadPlan plan = new ReadAheadPlan();

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
      case SSH -> readAhead(SshTransport.connect(target, sshConfig(target)));
      case TLS ->
          throw new IOException(target.location() + ": a TLS endpoint has no file transport");
    };
  }

  private Transport readAhead(SshTransport transport) {
    if (!plan.isEmpty()) {
      try {
        plan.prefetch(transport);
      } catch (IOException e) {
        // Only an optimisation: every read still goes to the host on its own.
      } catch (RuntimeException e) {
        transport.close();
        throw e;
      }
    }
    return new Learning(transport, plan);
  }

  /** An SSH transport that teaches the fleet's read-ahead plan what was read, when it closes. */
  private record Learning(SshTransport ssh, ReadAheadPlan plan) implements Transport {
    @Override
    public Target target() {
      return ssh.target();
    }

    @Override
    public boolean live() {
      return ssh.live();
    }

    @Override
    public FileContent read(String path, long maxBytes) throws IOException {
      return ssh.read(path, maxBytes);
    }

    @Override
    public Optional<FileStat> stat(String path) throws IOException {
      return ssh.stat(path);
    }

    @Override
    public List<String> list(String dir) throws IOException {
      return ssh.list(dir);
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout, long maxOutputBytes)
        throws IOException {
      return ssh.run(command, timeout, maxOutputBytes);
    }

    @Override
    public void close() {
      try {
        plan.learn(ssh.accessLog());
      } finally {
        ssh.close();
      }
    }
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
