package dev.vigil.bench.certificates;

import dev.vigil.collectors.tls.TlsProbe;
import dev.vigil.collectors.tls.TlsProbeOptions;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Probes 100 JSSE endpoints on 127.0.0.1 (servers in the same JVM, RSA-2048 leaf plus
 * intermediate) with at most 16 probes at a time: the full probe (five single-version hellos and
 * one JSSE handshake each), the probe without version scan, and as the baseline a plain TCP
 * connect to each endpoint with the same concurrency. One operation = 100 endpoints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class TlsProbeBenchmark {
  static final int ENDPOINTS = 100;
  static final int CONCURRENCY = 16;

  final List<SSLServerSocket> servers = new ArrayList<>();
  final List<Target> targets = new ArrayList<>();
  ExecutorService handlers;
  TlsProbe full;
  TlsProbe handshakeOnly;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    KeyPair rootKeys = BenchPki.rsa();
    X509Certificate root = BenchPki.issue("Bench Root", rootKeys, null, null, true, 1);
    KeyPair interKeys = BenchPki.rsa();
    X509Certificate inter =
        BenchPki.issue("Bench Intermediate", interKeys, X500Name.getInstance(root.getSubjectX500Principal().getEncoded()), rootKeys, true, 2);
    KeyPair leafKeys = BenchPki.rsa();
    X509Certificate leaf =
        BenchPki.issue("localhost", leafKeys, X500Name.getInstance(inter.getSubjectX500Principal().getEncoded()), interKeys, false, 3);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("s", leafKeys.getPrivate(), "pw".toCharArray(), new X509Certificate[] {leaf, inter});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, "pw".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    handlers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-tls-server");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < ENDPOINTS; i++) {
      SSLServerSocket s =
          (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));
      servers.add(s);
      targets.add(Target.parse("tls://127.0.0.1:" + s.getLocalPort()));
      handlers.submit(() -> accept(s));
    }
    Path trust = Files.createTempFile("vigil-bench-trust", ".pem");
    Files.writeString(trust, BenchPki.pem(root));
    TlsProbeOptions opts =
        new TlsProbeOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), Optional.of(trust), Clock.systemUTC(), true);
    full = new TlsProbe(opts);
    handshakeOnly =
        new TlsProbe(new TlsProbeOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), Optional.of(trust), Clock.systemUTC(), false));
    Files.delete(trust);
  }

  private void accept(SSLServerSocket server) {
    while (!server.isClosed()) {
      try {
        SSLSocket c = (SSLSocket) server.accept();
        handlers.submit(
            () -> {
              try (c) {
                c.startHandshake();
                InputStream in = c.getInputStream();
                while (in.read() >= 0) {
                  // until the client goes
                }
              } catch (IOException e) {
                // probes close early by design
              }
            });
      } catch (IOException e) {
        return;
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (SSLServerSocket s : servers) {
      s.close();
    }
    handlers.shutdownNow();
  }

  @Benchmark
  public void probe100Endpoints(Blackhole bh) {
    List<Snapshot> out = full.probeAll(targets, CONCURRENCY);
    check(out);
    bh.consume(out);
  }

  @Benchmark
  public void probe100EndpointsHandshakeOnly(Blackhole bh) {
    List<Snapshot> out = handshakeOnly.probeAll(targets, CONCURRENCY);
    check(out);
    bh.consume(out);
  }

  @Benchmark
  public void baselineTcpConnect100Endpoints(Blackhole bh) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (SSLServerSocket s : servers) {
        int port = s.getLocalPort();
        fs.add(
            pool.submit(
                () -> {
                  try (Socket c = new Socket()) {
                    c.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    return c.isConnected();
                  }
                }));
      }
      for (Future<Boolean> f : fs) {
        bh.consume(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void check(List<Snapshot> out) {
    for (Snapshot s : out) {
      if (!s.fact(TlsProbe.ENDPOINT).orElseThrow().isOk()) {
        throw new IllegalStateException(s.target().location() + ": " + s.fact(TlsProbe.ENDPOINT).orElseThrow().reason());
      }
    }
  }
}
