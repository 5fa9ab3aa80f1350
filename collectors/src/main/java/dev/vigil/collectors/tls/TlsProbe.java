package dev.vigil.collectors.tls;

import static java.util.Objects.requireNonNull;

import dev.vigil.collectors.certificates.internal.CertificateFacts;
import dev.vigil.collectors.certificates.internal.CertificateParser;
import dev.vigil.collectors.certificates.internal.ChainValidator;
import dev.vigil.collectors.certificates.internal.FileParse;
import dev.vigil.collectors.tls.internal.Deadline;
import dev.vigil.collectors.tls.internal.HostnameMatcher;
import dev.vigil.collectors.tls.internal.ProtocolVersion;
import dev.vigil.collectors.tls.internal.RawHello;
import dev.vigil.core.Digests;
import dev.vigil.core.Target;
import dev.vigil.core.TargetKind;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.facts.SourceKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Probes TLS endpoints ({@code tls://host:port} targets) from the scanning host and produces the
 * {@code tls.endpoint} and {@code tls.chain} facts ({@code docs/facts.md}).
 *
 * <p>One probe makes one full handshake with the JDK's default client (TLS 1.2-1.3): chain,
 * negotiated protocol and cipher, stapled OCSP response; and, unless disabled, one hand-built
 * ClientHello per protocol version (SSLv3, TLS 1.0-1.3) to learn which versions the server accepts.
 * Those probes do not use JSSE, so the scanning JVM's {@code jdk.tls.disabledAlgorithms} stays
 * untouched and still applies to everything else in the process. A server that only accepts
 * versions the JDK refuses has its chain read from the clear-text Certificate message of a TLS
 * 1.0-1.2 probe.
 *
 * <p>Every connection is bounded by the connect timeout and the handshake timeout; an endpoint that
 * does not answer, hangs after accepting, or speaks something else becomes error facts, never an
 * exception or a stuck scan. Thread-safe: one instance may probe many endpoints at once.
 */
public final class TlsProbe {
  public static final String ENDPOINT = "tls.endpoint";
  public static final String CHAIN = "tls.chain";

  private final TlsProbeOptions options;
  private final SSLContext context;
  private final List<X509CertificateHolder> anchors;
  private final String trustStoreName;

  public TlsProbe(TlsProbeOptions options) {
    this.options = requireNonNull(options, "options");
    try {
      this.context = SSLContext.getInstance("TLS");
      this.context.init(null, new TrustManager[] {new ObservingTrustManager()}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS implementation", e);
    }
    this.anchors = loadAnchors(options.trustStore());
    this.trustStoreName = options.trustStore().map(Path::toString).orElse("the JDK trust store");
  }

  /** Probes the endpoint of a {@code tls://host[:port]} target. */
  public Snapshot probe(Target target) {
    if (target.kind() != TargetKind.TLS) {
      throw new IllegalArgumentException("not a tls:// target: " + target.location());
    }
    URI uri = URI.create(target.location());
    int port = uri.getPort() < 0 ? 443 : uri.getPort();
    Starttls starttls = port == 25 || port == 587 ? Starttls.SMTP : Starttls.NONE;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    for (String kv : query.split("&")) {
      if (kv.startsWith("starttls=")) {
        starttls = Starttls.parse(kv.substring("starttls=".length()));
      } else if (!kv.isEmpty()) {
        throw new IllegalArgumentException("unknown option in " + target.location() + ": " + kv);
      }
    }
    Instant started = options.clock().instant();
    List<Fact> facts = probe(uri.getHost(), port, starttls);
    return Snapshot.of(target, started, options.clock().instant(), facts);
  }

  /**
   * Probes many targets, at most {@code concurrency} at a time; the snapshots come back in the
   * order of the targets.
   */
  public List<Snapshot> probeAll(List<Target> targets, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, Math.max(1, targets.size())),
            r -> {
              Thread t = new Thread(r, "vigil-tls-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Snapshot>> futures = new ArrayList<>();
      for (Target t : targets) {
        futures.add(pool.submit(() -> probe(t)));
      }
      List<Snapshot> out = new ArrayList<>();
      for (Future<Snapshot> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing TLS endpoints", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("TLS probe failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The two facts of one endpoint speaking TLS from the first byte. */
  public List<Fact> probe(String host, int port) {
    return probe(host, port, Starttls.NONE);
  }

  /**
   * The two facts of one endpoint. Never throws for anything the endpoint does.
   *
   * @param starttls the plain-text dialogue that precedes TLS (SMTP on ports 25 and 587)
   */
  public List<Fact> probe(String host, int port, Starttls starttls) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    Instant now = options.clock().instant();
    String where = host + ":" + port;
    Provenance prov = Provenance.unread(SourceKind.NETWORK, "tls://" + where, now);
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      return errors(where + ": unknown host", prov);
    }
    boolean ipLiteral = isIpLiteral(host);
    Optional<String> sni = ipLiteral ? Optional.empty() : Optional.of(host);

    Map<ProtocolVersion, RawHello.Answer> versions = new EnumMap<>(ProtocolVersion.class);
    List<String> problems = new ArrayList<>();
    if (options.probeVersions()) {
      for (ProtocolVersion v : ProtocolVersion.probeOrder()) {
        RawHello.Answer a =
            RawHello.probe(
                address,
                sni,
                v,
                options.connectTimeout(),
                options.handshakeTimeout(),
                false,
                starttls);
        if (versions.isEmpty() && a.outcome() == RawHello.Outcome.ERROR) {
          // the first probe already shows the endpoint is unreachable, hangs or is not TLS
          return errors(a.reason(), prov);
        }
        versions.put(v, a);
        if (a.outcome() == RawHello.Outcome.ERROR) {
          problems.add(v.key() + ": " + a.reason());
        }
      }
    }

    Handshake hs = handshake(address, host, sni, starttls);
    if (hs.error.isPresent() && !options.probeVersions()) {
      return errors(hs.error.get(), prov);
    }
    boolean anyAccepted =
        versions.values().stream().anyMatch(a -> a.outcome() == RawHello.Outcome.ACCEPTED);
    if (hs.error.isPresent() && !anyAccepted) {
      return errors(hs.error.get(), prov);
    }
    List<byte[]> chainDer = hs.chain;
    Optional<String> fallbackCipher = Optional.empty();
    String fallbackProtocol = null;
    if (hs.error.isPresent()) {
      problems.add("handshake with a default client failed: " + hs.error.get());
      // the JDK refused or failed; read the chain from the clear-text handshake of an old version
      for (ProtocolVersion v :
          List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_0)) {
        RawHello.Answer a = versions.get(v);
        if (a != null && a.outcome() == RawHello.Outcome.ACCEPTED) {
          RawHello.Answer full =
              RawHello.probe(
                  address,
                  sni,
                  v,
                  options.connectTimeout(),
                  options.handshakeTimeout(),
                  true,
                  starttls);
          if (!full.certificates().isEmpty()) {
            chainDer = full.certificates();
            fallbackCipher = full.cipher();
            fallbackProtocol = v.display();
            break;
          }
        }
      }
    }

    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("host", host);
    endpoint.put("port", (long) port);
    endpoint.put("address", address.getAddress().getHostAddress());
    sni.ifPresent(s -> endpoint.put("sni", s));
    if (starttls != Starttls.NONE) {
      endpoint.put("starttls", starttls.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (hs.protocol != null) {
      endpoint.put("protocol", hs.protocol);
      endpoint.put("cipher", hs.cipher);
    } else if (fallbackProtocol != null) {
      endpoint.put("protocol", fallbackProtocol);
      fallbackCipher.ifPresent(c -> endpoint.put("cipher", c));
    }
    Map<String, Object> protocols = new LinkedHashMap<>();
    List<String> accepted = new ArrayList<>();
    for (ProtocolVersion v : ProtocolVersion.values()) {
      RawHello.Answer a = versions.get(v);
      if (a == null) {
        continue;
      }
      protocols.put(v.key(), a.outcome().name().toLowerCase(java.util.Locale.ROOT));
      if (a.outcome() == RawHello.Outcome.ACCEPTED) {
        accepted.add(v.display());
      }
    }
    if (!options.probeVersions() && hs.protocol != null) {
      accepted.add(hs.protocol.replace("TLSv1", "TLSv1.0").replace("TLSv1.0.", "TLSv1."));
    }
    endpoint.put("protocols", protocols);
    endpoint.put("accepted_protocols", accepted);
    if (!accepted.isEmpty()) {
      endpoint.put("weakest_protocol", accepted.get(0));
    }
    boolean stapled =
        hs.stapled
            || versions.values().stream()
                .anyMatch(
                    a -> a.outcome() == RawHello.Outcome.ACCEPTED && a.statusRequestAcknowledged());
    endpoint.put("ocsp_stapled", stapled);
    endpoint.put("problems", problems);

    Provenance chainProv = chainProvenance(where, chainDer, now);
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.ok(ENDPOINT, endpoint, List.of(prov)));
    facts.add(chainFact(host, chainDer, now, chainProv));
    return facts;
  }

  private Fact chainFact(String host, List<byte[]> chainDer, Instant now, Provenance prov) {
    if (chainDer.isEmpty()) {
      return Fact.error(CHAIN, host + ": the server presented no certificate", List.of(prov));
    }
    List<X509CertificateHolder> chain = new ArrayList<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (byte[] der : chainDer) {
      FileParse p = CertificateParser.parse("tls://" + host, der, Optional.empty());
      if (p.certs().isEmpty()) {
        return Fact.error(
            CHAIN,
            p.reason().orElse(host + ": the server presented an unparseable certificate"),
            List.of(prov));
      }
      X509CertificateHolder c = p.certs().get(0).cert();
      chain.add(c);
      items.add(CertificateFacts.describe(c, now));
    }
    ChainValidator validator =
        new ChainValidator(anchors, List.of(), trustStoreName, "in the presented chain", now);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("items", items);
    value.put("hostname", host);
    value.put("hostname_match", HostnameMatcher.matches(host, chain.get(0)));
    value.put("chain", validator.validate(chain.get(0), chain.subList(1, chain.size())));
    return Fact.ok(CHAIN, value, List.of(prov));
  }

  private static Provenance chainProvenance(String where, List<byte[]> chainDer, Instant now) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    chainDer.forEach(all::writeBytes);
    byte[] bytes = all.toByteArray();
    return new Provenance(
        SourceKind.NETWORK,
        "tls://" + where,
        Optional.of(Digests.sha256(bytes)),
        bytes.length,
        now);
  }

  private static List<Fact> errors(String reason, Provenance prov) {
    return List.of(
        Fact.error(ENDPOINT, reason, List.of(prov)), Fact.error(CHAIN, reason, List.of(prov)));
  }

  /** The result of one full JSSE handshake. */
  private static final class Handshake {
    Optional<String> error = Optional.empty();
    String protocol;
    String cipher;
    List<byte[]> chain = List.of();
    boolean stapled;
  }

  private Handshake handshake(
      InetSocketAddress address, String host, Optional<String> sni, Starttls starttls) {
    Handshake h = new Handshake();
    String where = host + ":" + address.getPort();
    Duration hsTimeout = options.handshakeTimeout();
    try (Socket raw = new Socket()) {
      try {
        raw.connect(address, (int) options.connectTimeout().toMillis());
      } catch (SocketTimeoutException e) {
        h.error =
            Optional.of(where + ": connect timed out after " + seconds(options.connectTimeout()));
        return h;
      } catch (IOException e) {
        h.error = Optional.of(where + ": connect failed: " + message(e));
        return h;
      }
      raw.setSoTimeout((int) hsTimeout.toMillis());
      Deadline deadline = Deadline.after(hsTimeout.plus(hsTimeout), raw);
      try {
        try {
          starttls.negotiate(raw);
        } catch (SocketTimeoutException e) {
          throw e;
        } catch (IOException e) {
          if (raw.isClosed()) {
            throw e;
          }
          h.error = Optional.of(where + ": " + message(e));
          return h;
        }
        SSLSocket s =
            (SSLSocket)
                context.getSocketFactory().createSocket(raw, host, address.getPort(), false);
        SSLParameters p = s.getSSLParameters();
        if (sni.isPresent()) {
          p.setServerNames(List.of(new SNIHostName(sni.get())));
        }
        s.setSSLParameters(p);
        s.startHandshake();
        SSLSession session = s.getSession();
        h.protocol = session.getProtocol();
        h.cipher = session.getCipherSuite();
        List<byte[]> chain = new ArrayList<>();
        for (Certificate c : session.getPeerCertificates()) {
          chain.add(c.getEncoded());
        }
        h.chain = chain;
        if (session instanceof ExtendedSSLSession ext) {
          h.stapled = !ext.getStatusResponses().isEmpty();
        }
        s.close();
      } catch (SocketTimeoutException e) {
        h.error = Optional.of(where + ": handshake timed out after " + seconds(hsTimeout));
      } catch (IOException | GeneralSecurityException e) {
        h.error =
            Optional.of(
                raw.isClosed() && !(e instanceof GeneralSecurityException)
                    ? where + ": handshake timed out after " + seconds(hsTimeout)
                    : where + ": handshake failed: " + message(e));
      } finally {
        deadline.close();
      }
    } catch (IOException e) {
      h.error = Optional.of(where + ": " + message(e));
    }
    return h;
  }

  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static List<X509CertificateHolder> loadAnchors(Optional<Path> trustStore) {
    List<X509CertificateHolder> out = new ArrayList<>();
    if (trustStore.isPresent()) {
      Path p = trustStore.get();
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot list trust store " + p + ": " + message(e), e);
        }
      } else {
        files.add(p);
      }
      for (Path f : files) {
        try {
          FileParse parse =
              CertificateParser.parse(f.toString(), Files.readAllBytes(f), Optional.empty());
          parse.certs().forEach(c -> out.add(c.cert()));
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read trust store " + f + ": " + message(e), e);
        }
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("trust store " + p + " holds no certificate");
      }
      return out;
    }
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof javax.net.ssl.X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            out.add(new X509CertificateHolder(c.getEncoded()));
          }
        }
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the JDK trust store: " + message(e), e);
    }
    return out;
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /**
   * Accepts every chain so that it can be observed: nothing is ever sent over these connections,
   * and the chain is judged afterwards by {@link ChainValidator} against the configured anchors.
   */
  private static final class ObservingTrustManager extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
