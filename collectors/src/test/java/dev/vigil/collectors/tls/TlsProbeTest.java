package dev.vigil.collectors.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.certificates.TestPki;
import dev.vigil.collectors.certificates.TestPki.Issued;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsProbeTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir static Path dir;

  static Issued rootCa;
  static Issued inter;
  static Issued leaf;
  static TlsProbe probe;
  static final List<AutoCloseable> servers = new ArrayList<>();
  static final List<Process> children = new ArrayList<>();

  @BeforeAll
  static void pki() throws Exception {
    rootCa =
        TestPki.cert("Probe Root CA")
            .ca(null)
            .validity("2020-01-01T00:00:00Z", "2040-01-01T00:00:00Z")
            .build();
    inter =
        TestPki.cert("Probe Intermediate")
            .ca(0)
            .issuer(rootCa)
            .validity("2021-01-01T00:00:00Z", "2035-01-01T00:00:00Z")
            .build();
    leaf = TestPki.cert("localhost").issuer(inter).dns("localhost").ip("127.0.0.1").build();
    Path trust = dir.resolve("trust.pem");
    Files.writeString(trust, TestPki.pem(rootCa.cert()));
    probe =
        new TlsProbe(
            TlsProbeOptions.defaults()
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20))
                .withTrustStore(trust)
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : servers) {
      c.close();
    }
    for (Process p : children) {
      p.getOutputStream().close();
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  static TestTlsServer serve(TestTlsServer s) {
    servers.add(s);
    return s;
  }

  static Snapshot run(String target) {
    return probe.probe(Target.parse(target));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> value(Snapshot s, String fact) {
    Fact f = s.fact(fact).orElseThrow();
    assertTrue(f.isOk(), fact + " is " + f.state() + ": " + f.reason());
    return (Map<String, Object>) f.value();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> chainResult(Snapshot s) {
    return (Map<String, Object>) value(s, TlsProbe.CHAIN).get("chain");
  }

  @Test
  void validServerNegotiatesTls13AndItsChainValidates() throws Exception {
    TestTlsServer server = serve(TestTlsServer.tls(leaf, List.of(inter.cert())));
    Snapshot s = run(server.target());
    Map<String, Object> e = value(s, TlsProbe.ENDPOINT);
    assertEquals("TLSv1.3", e.get("protocol"));
    assertTrue(((String) e.get("cipher")).startsWith("TLS_AES_"), e.toString());
    assertEquals(
        Map.of(
            "ssl3",
            "rejected",
            "tls1_0",
            "rejected",
            "tls1_1",
            "rejected",
            "tls1_2",
            "accepted",
            "tls1_3",
            "accepted"),
        e.get("protocols"));
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), e.get("accepted_protocols"));
    assertEquals("TLSv1.2", e.get("weakest_protocol"));
    assertEquals(false, e.get("ocsp_stapled"));
    assertEquals(List.of(), e.get("problems"));
    Map<String, Object> chain = value(s, TlsProbe.CHAIN);
    assertEquals(true, chain.get("hostname_match"));
    assertEquals(2, ((List<?>) chain.get("items")).size());
    assertEquals("valid", chainResult(s).get("result"), chainResult(s).toString());
  }

  @Test
  void wrongHostNameDoesNotMatch() throws Exception {
    Issued wrong = TestPki.cert("wrong.example").issuer(inter).dns("wrong.example").build();
    TestTlsServer server = serve(TestTlsServer.tls(wrong, List.of(inter.cert())));
    Snapshot s = run(server.target());
    assertEquals(false, value(s, TlsProbe.CHAIN).get("hostname_match"));
    assertEquals("valid", chainResult(s).get("result"));
  }

  @Test
  void missingIntermediateIsBrokenChain() throws Exception {
    TestTlsServer server = serve(TestTlsServer.tls(leaf, List.of()));
    Snapshot s = run(server.target());
    assertEquals("broken-chain", chainResult(s).get("result"));
    assertTrue(
        ((String) chainResult(s).get("reason"))
            .contains("not found in the presented chain or in the trust store"));
  }

  @Test
  void expiredLeafIsExpired() throws Exception {
    Issued expired =
        TestPki.cert("expired")
            .issuer(inter)
            .ip("127.0.0.1")
            .validity("2025-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
            .build();
    TestTlsServer server = serve(TestTlsServer.tls(expired, List.of(inter.cert())));
    Snapshot s = run(server.target());
    assertEquals("expired", chainResult(s).get("result"));
    @SuppressWarnings("unchecked")
    Map<String, Object> first =
        ((List<Map<String, Object>>) value(s, TlsProbe.CHAIN).get("items")).get(0);
    assertEquals(-120L, first.get("days_until_expiry"));
  }

  @Test
  void selfSignedServerHasUntrustedRoot() throws Exception {
    Issued self = TestPki.cert("self").ip("127.0.0.1").build();
    TestTlsServer server = serve(TestTlsServer.tls(self, List.of()));
    Snapshot s = run(server.target());
    assertEquals("untrusted-root", chainResult(s).get("result"));
    assertEquals(true, value(s, TlsProbe.CHAIN).get("hostname_match"));
  }

  @Test
  void tls12OnlyServerRejectsTls13() throws Exception {
    TestTlsServer server = serve(TestTlsServer.tls(leaf, List.of(inter.cert()), "TLSv1.2"));
    Snapshot s = run(server.target());
    Map<String, Object> e = value(s, TlsProbe.ENDPOINT);
    assertEquals("TLSv1.2", e.get("protocol"));
    assertEquals(List.of("TLSv1.2"), e.get("accepted_protocols"));
  }

  /** Starts {@link LegacyTlsServer} in its own JVM with the given JVM options; returns its port. */
  static String child(Issued cert, List<String> jvmOptions, String... args) throws Exception {
    Path p12 = Files.createTempFile(dir, "child", ".p12");
    Files.write(p12, TestPki.pkcs12(cert, List.of(inter.cert()), "pw"));
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp =
        Path.of(LegacyTlsServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", cp, LegacyTlsServer.class.getName(), p12.toString(), "pw"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    children.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String port = out.readLine();
    assertTrue(port != null && port.matches("\\d+"), "child TLS server did not start: " + port);
    return port;
  }

  @Test
  void serverStaplingOcspIsSeen() throws Exception {
    try (OcspResponder responder = new OcspResponder(inter)) {
      Issued stapled =
          TestPki.cert("stapled").issuer(inter).ip("127.0.0.1").ocsp(responder.url()).build();
      String port =
          child(
              stapled,
              List.of(
                  "-Djdk.tls.server.enableStatusRequestExtension=true",
                  // a generous fetch time: the first handshake waits for the responder
                  "-Djdk.tls.stapling.responseTimeout=30000"),
              "TLSv1.2,TLSv1.3");
      Snapshot s = run("tls://127.0.0.1:" + port);
      Map<String, Object> e = value(s, TlsProbe.ENDPOINT);
      assertEquals(true, e.get("ocsp_stapled"), responder.requests() + " OCSP requests; " + e);
      assertTrue(responder.requests() > 0);
    }
  }

  @Test
  void legacyServerAcceptingOnlyTls10And11IsSeenWithItsChain() throws Exception {
    Path props = dir.resolve("legacy.security");
    Files.writeString(props, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, NULL, anon\n");
    String port = child(leaf, List.of("-Djava.security.properties=" + props));
    Snapshot s = run("tls://127.0.0.1:" + port);
    Map<String, Object> e = value(s, TlsProbe.ENDPOINT);
    assertEquals(
        Map.of(
            "ssl3",
            "rejected",
            "tls1_0",
            "accepted",
            "tls1_1",
            "accepted",
            "tls1_2",
            "rejected",
            "tls1_3",
            "rejected"),
        e.get("protocols"));
    assertEquals(List.of("TLSv1.0", "TLSv1.1"), e.get("accepted_protocols"));
    assertEquals("TLSv1.0", e.get("weakest_protocol"));
    assertEquals("TLSv1.1", e.get("protocol"));
    assertEquals("valid", chainResult(s).get("result"), chainResult(s).toString());
    assertEquals(true, value(s, TlsProbe.CHAIN).get("hostname_match"));
  }

  @Test
  void smtpStarttlsIsNegotiatedBeforeTheHandshake() throws Exception {
    TestTlsServer server = serve(TestTlsServer.smtp(leaf, List.of(inter.cert())));
    Snapshot s = run("tls://127.0.0.1:" + server.port() + "?starttls=smtp");
    Map<String, Object> e = value(s, TlsProbe.ENDPOINT);
    assertEquals("smtp", e.get("starttls"));
    assertEquals("TLSv1.3", e.get("protocol"));
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), e.get("accepted_protocols"));
    assertEquals("valid", chainResult(s).get("result"));
  }

  @Test
  void starttlsAgainstANonSmtpServerIsAnError() throws Exception {
    TestTlsServer server = serve(TestTlsServer.banner("SSH-2.0-OpenSSH_9.2\r\n"));
    Snapshot s = run("tls://127.0.0.1:" + server.port() + "?starttls=smtp");
    Fact e = s.fact(TlsProbe.ENDPOINT).orElseThrow();
    assertEquals(FactState.ERROR, e.state());
    assertEquals(
        "127.0.0.1:"
            + server.port()
            + ": SMTP SMTP greeting: expected 220, got 'SSH-2.0-OpenSSH_9.2'",
        e.reason().orElseThrow());
  }

  @Test
  void serverThatHangsAfterAcceptIsAnErrorWithinTheTimeout() throws Exception {
    TestTlsServer server = serve(TestTlsServer.hanging());
    // a short read timeout of its own, so the test stays quick; the other tests use generous ones
    TlsProbe impatient =
        new TlsProbe(
            TlsProbeOptions.defaults()
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2))
                .withTrustStore(dir.resolve("trust.pem"))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    Snapshot s = impatient.probe(Target.parse(server.target()));
    Fact e = s.fact(TlsProbe.ENDPOINT).orElseThrow();
    assertEquals(FactState.ERROR, e.state());
    assertEquals(
        "127.0.0.1:" + server.port() + ": no answer, read timed out after 2s",
        e.reason().orElseThrow());
    assertEquals(FactState.ERROR, s.fact(TlsProbe.CHAIN).orElseThrow().state());
  }

  @Test
  void serverSpeakingSshIsNotTls() throws Exception {
    TestTlsServer server = serve(TestTlsServer.banner("SSH-2.0-OpenSSH_9.2\r\n"));
    Snapshot s = run(server.target());
    Fact e = s.fact(TlsProbe.ENDPOINT).orElseThrow();
    assertEquals(FactState.ERROR, e.state());
    assertEquals(
        "127.0.0.1:" + server.port() + ": not TLS: server sent 'SSH-2.0-OpenSSH_9.2'",
        e.reason().orElseThrow());
  }

  @Test
  void closedPortIsAConnectError() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = ss.getLocalPort();
    }
    Snapshot s = run("tls://127.0.0.1:" + port);
    Fact e = s.fact(TlsProbe.ENDPOINT).orElseThrow();
    assertEquals(FactState.ERROR, e.state());
    assertTrue(
        e.reason().orElseThrow().startsWith("127.0.0.1:" + port + ": connect failed"),
        e.reason().toString());
  }

  @Test
  void probeAllKeepsTheOrderOfTargetsWithBoundedConcurrency() throws Exception {
    TestTlsServer a = serve(TestTlsServer.tls(leaf, List.of(inter.cert())));
    TestTlsServer b = serve(TestTlsServer.banner("HTTP/1.1 400 Bad Request\r\n\r\n"));
    TestTlsServer c = serve(TestTlsServer.tls(leaf, List.of()));
    List<Snapshot> out =
        probe.probeAll(
            List.of(Target.parse(a.target()), Target.parse(b.target()), Target.parse(c.target())),
            2);
    assertEquals(3, out.size());
    assertEquals(a.target(), out.get(0).target().location());
    assertTrue(out.get(0).fact(TlsProbe.ENDPOINT).orElseThrow().isOk());
    assertTrue(
        out.get(1)
            .fact(TlsProbe.ENDPOINT)
            .orElseThrow()
            .reason()
            .orElseThrow()
            .contains("not TLS: server sent 'HTTP/1.1 400 Bad Request'"));
    assertEquals("broken-chain", chainResult(out.get(2)).get("result"));
  }

  @Test
  void noPrivateKeyMaterialInProbeSnapshot() throws Exception {
    TestTlsServer server = serve(TestTlsServer.tls(leaf, List.of(inter.cert())));
    String json = Json.mapper().writeValueAsString(run(server.target()));
    RSAPrivateCrtKey k = (RSAPrivateCrtKey) leaf.keys().getPrivate();
    assertFalse(json.contains(k.getPrivateExponent().toString(16).substring(0, 32)));
    assertFalse(json.contains(k.getPrimeP().toString(16).substring(0, 32)));
    assertFalse(json.contains("PRIVATE KEY"));
  }
}
