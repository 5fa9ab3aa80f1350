package dev.vigil.collectors.tls;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@link TlsProbe} probes.
 *
 * @param connectTimeout the limit of one TCP connect
 * @param handshakeTimeout the limit of one read during a handshake; a handshake as a whole is cut
 *     at twice this value
 * @param trustStore a PEM bundle (file) or a directory of PEM files on the scanning host to
 *     validate chains against; empty: the JDK's default trust store
 * @param probeVersions probe SSLv3 and TLS 1.0 to 1.3 one by one (five more connections)
 */
public record TlsProbeOptions(
    Duration connectTimeout,
    Duration handshakeTimeout,
    Optional<Path> trustStore,
    Clock clock,
    boolean probeVersions) {
  public TlsProbeOptions {
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(handshakeTimeout, "handshakeTimeout");
    requireNonNull(clock, "clock");
    trustStore = trustStore == null ? Optional.empty() : trustStore;
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
    }
  }

  /** 5 s to connect, 10 s per handshake read, the JDK trust store, the system clock. */
  public static TlsProbeOptions defaults() {
    return new TlsProbeOptions(
        Duration.ofSeconds(5), Duration.ofSeconds(10), Optional.empty(), Clock.systemUTC(), true);
  }

  public TlsProbeOptions withTimeouts(Duration connect, Duration handshake) {
    return new TlsProbeOptions(connect, handshake, trustStore, clock, probeVersions);
  }

  public TlsProbeOptions withTrustStore(Path path) {
    return new TlsProbeOptions(
        connectTimeout, handshakeTimeout, Optional.of(path), clock, probeVersions);
  }

  public TlsProbeOptions withClock(Clock c) {
    return new TlsProbeOptions(connectTimeout, handshakeTimeout, trustStore, c, probeVersions);
  }
}
