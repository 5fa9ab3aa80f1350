package dev.vigil.bench.certificates;

import dev.vigil.collectors.certificates.internal.CertificateFacts;
import dev.vigil.collectors.certificates.internal.CertificateParser;
import dev.vigil.collectors.certificates.internal.FileParse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parses one PEM bundle of 10,000 certificates (1,000 distinct leaves, each ten times), single
 * threaded: vigil's parser with and without the per-certificate facts, and the JDK's
 * CertificateFactory as the baseline. One operation = 10,000 certificates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
public class CertificateParseBenchmark {
  static final int CERTIFICATES = 10_000;
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  byte[] bundle;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    KeyPair caKeys = BenchPki.rsa();
    X509Certificate ca = BenchPki.issue("Bench CA", caKeys, null, null, true, 1);
    X500Name caName = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      keys.add(BenchPki.rsa());
    }
    List<String> distinct = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      distinct.add(BenchPki.pem(BenchPki.issue("host" + i + ".bench.example", keys.get(i % 10), caName, caKeys, false, 100 + i)));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < CERTIFICATES; i++) {
      sb.append(distinct.get(i % distinct.size()));
    }
    bundle = sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Benchmark
  public void vigilParseAndDescribe(Blackhole bh) {
    FileParse p = CertificateParser.parse("/bench/bundle.pem", bundle, Optional.empty());
    if (p.certs().size() != CERTIFICATES) {
      throw new IllegalStateException("parsed " + p.certs().size());
    }
    for (FileParse.FoundCert c : p.certs()) {
      bh.consume(CertificateFacts.describe(c.cert(), NOW));
    }
  }

  @Benchmark
  public void vigilParseOnly(Blackhole bh) {
    FileParse p = CertificateParser.parse("/bench/bundle.pem", bundle, Optional.empty());
    if (p.certs().size() != CERTIFICATES) {
      throw new IllegalStateException("parsed " + p.certs().size());
    }
    bh.consume(p);
  }

  @Benchmark
  public void baselineJdkCertificateFactory(Blackhole bh) throws Exception {
    var certs =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(bundle));
    if (certs.size() != CERTIFICATES) {
      throw new IllegalStateException("parsed " + certs.size());
    }
    bh.consume(certs);
  }
}
