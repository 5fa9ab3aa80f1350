package dev.vigil.scheduler.scan;

import dev.vigil.collectors.Collectors;
import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.collectors.transport.root.RootDirTransport;
import dev.vigil.core.Target;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the built-in transports: this host and root directories. */
public final class DefaultTransports implements TransportFactory {
  private final Clock clock;

  public DefaultTransports(Clock clock) {
    this.clock = clock;
  }

  /** The pipeline with the built-in transports and collectors. */
  public static ScanPipeline pipeline(String toolVersion) {
    return new ScanPipeline(
        new DefaultTransports(Clock.systemUTC()), Collectors.builtIn(), toolVersion);
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
      case SSH, TLS ->
          throw new IOException(
              target.location() + ": " + target.kind().wire() + " targets are not supported yet");
    };
  }
}
