package dev.vigil.collectors.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.collectors.SnapshotCollector;
import dev.vigil.collectors.certificates.TestPki.Issued;
import dev.vigil.collectors.transport.root.RootDirTransport;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new CertificateFilesCollector();
  }

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir static Path root;

  static Issued rootCa;
  static Issued inter;
  static Issued valid;
  static Issued expired;
  static Issued notYet;
  static Issued weak;
  static Issued sha1;
  static Issued self;
  static Issued orphan;
  static Issued ecLeaf;
  static Issued edLeaf;
  static Issued p12Leaf;
  static java.security.KeyPair sshHostKey;
  static Snapshot snapshot;
  static Map<String, Object> certsBySubjectCn = new HashMap<>();

  @BeforeAll
  static void buildFixtureAndCollect() throws Exception {
    rootCa =
        TestPki.cert("Test Root CA")
            .ca(null)
            .validity("2020-01-01T00:00:00Z", "2040-01-01T00:00:00Z")
            .build();
    inter =
        TestPki.cert("Test Intermediate")
            .ca(0)
            .issuer(rootCa)
            .validity("2021-01-01T00:00:00Z", "2035-01-01T00:00:00Z")
            .build();
    valid =
        TestPki.cert("valid.example").issuer(inter).dns("valid.example").ip("127.0.0.1").build();
    expired =
        TestPki.cert("expired.example")
            .issuer(inter)
            .validity("2025-01-01T00:00:00Z", "2026-03-01T00:00:00Z")
            .build();
    notYet =
        TestPki.cert("notyet.example")
            .issuer(inter)
            .validity("2026-09-01T00:00:00Z", "2027-09-01T00:00:00Z")
            .build();
    weak = TestPki.cert("weak.example").keys(TestPki.rsa(1024)).issuer(inter).build();
    sha1 = TestPki.cert("sha1.example").issuer(inter).signature("SHA1withRSA").build();
    self = TestPki.cert("self.example").build();
    Issued otherInter = TestPki.cert("Other Intermediate").ca(0).issuer(rootCa).build();
    orphan = TestPki.cert("orphan.example").issuer(otherInter).build();
    ecLeaf = TestPki.cert("ec.example").keys(TestPki.ec()).issuer(inter).build();
    edLeaf = TestPki.cert("ed.example").keys(TestPki.ed25519()).issuer(inter).build();
    p12Leaf = TestPki.cert("p12.example").issuer(inter).build();

    write("etc/ssl/certs/ca-certificates.crt", TestPki.pem(rootCa.cert()));
    write(
        "etc/ssl/certs/valid.pem",
        "subject=valid.example\nsome junk a tool left here\n"
            + TestPki.pem(valid.cert())
            + "\n# more junk between blocks\n"
            + TestPki.pem(inter.cert())
            + "trailing junk\n");
    write("etc/ssl/certs/expired.crt", TestPki.pem(expired.cert()));
    write("etc/ssl/certs/notyet.pem", TestPki.pem(notYet.cert()));
    write("etc/ssl/certs/weak.pem", TestPki.pem(weak.cert()));
    write("etc/ssl/certs/sha1.pem", TestPki.pem(sha1.cert()));
    write("etc/ssl/certs/self.pem", TestPki.pem(self.cert()));
    write("etc/ssl/certs/orphan.pem", TestPki.pem(orphan.cert()));
    write("etc/ssl/certs/ec.pem", TestPki.pem(ecLeaf.cert()));
    write("etc/pki/tls/ed.der", edLeaf.cert().getEncoded());
    write("etc/pki/tls/bundle.p7b", TestPki.pkcs7(List.of(ecLeaf.cert(), inter.cert())));
    write("etc/ssl/README", "not a certificate, not even looked at");

    write("etc/ssl/private/valid.key", TestPki.pem(valid.keys().getPrivate())); // PKCS#1
    chmod("etc/ssl/private/valid.key", "rw-------");
    write("etc/ssl/private/pkcs8.key", TestPki.pkcs8(weak.keys().getPrivate()));
    chmod("etc/ssl/private/pkcs8.key", "rw-r--r--");
    write("etc/ssl/private/enc.key", TestPki.encryptedPkcs8(self.keys().getPrivate(), "s3cret"));
    write("etc/ssl/private/ec.key", TestPki.sec1(ecLeaf.keys().getPrivate()));
    write("etc/ssl/private/ed.key", TestPki.pkcs8(edLeaf.keys().getPrivate()));
    write("etc/ssl/private/lonely.key", TestPki.pkcs8(TestPki.ec().getPrivate()));

    write(
        "etc/ssl/private/legacy.key",
        TestPki.legacyEncrypted(TestPki.rsa(2048).getPrivate(), "pw"));
    sshHostKey = TestPki.ed25519();
    write("etc/ssh/ssh_host_ed25519_key", TestPki.openssh(sshHostKey));
    chmod("etc/ssh/ssh_host_ed25519_key", "rw-------");
    write("etc/ssh/sshd_config", "Port 22\nHostKey /etc/ssh/ssh_host_ed25519_key\n");

    write("etc/pki/store.p12", TestPki.pkcs12(p12Leaf, List.of(inter.cert()), "changeit"));
    write("etc/pki/nopass.p12", TestPki.pkcs12(p12Leaf, List.of(), "other"));
    write("etc/pki/wrong.pfx", TestPki.pkcs12(p12Leaf, List.of(), "right"));
    write("etc/pki/trust.jks", TestPki.jks(List.of(rootCa.cert(), inter.cert()), "jkspass"));

    // malformed inputs
    String full = TestPki.pem(valid.cert());
    write("etc/ssl/bad/truncated.pem", full.substring(0, full.length() / 2));
    String[] lines = TestPki.pem(expired.cert()).split("\n");
    lines[3] = "!!!! this is not base64 !!!!";
    write("etc/ssl/bad/badline.pem", String.join("\n", lines) + "\n");
    byte[] random = new byte[4096];
    new Random(42).nextBytes(random);
    random[0] = 0x7f;
    write("etc/ssl/bad/random.der", random);
    byte[] randomSeq = random.clone();
    randomSeq[0] = 0x30;
    write("etc/ssl/bad/random-seq.der", randomSeq);
    Path big = root.resolve("etc/ssl/bad/huge.pem");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(50L * 1024 * 1024);
    }

    // referenced from nginx outside the default roots
    write("srv/tls/site.crt", TestPki.pem(valid.cert(), inter.cert()));
    write("srv/tls/site.key", TestPki.pkcs8(valid.keys().getPrivate()));
    write(
        "etc/nginx/sites-enabled/default",
        "server {\n  listen 443 ssl;\n  ssl_certificate /srv/tls/site.crt;\n"
            + "  ssl_certificate_key \"/srv/tls/site.key\";\n  ssl_certificate /srv/tls/missing.crt;\n}\n");

    write(
        "opt/haproxy/certs/site.pem",
        TestPki.pem(valid.cert(), inter.cert()) + TestPki.pkcs8(valid.keys().getPrivate()));
    write(
        "etc/haproxy/haproxy.cfg",
        "global\n  crt-base /opt/haproxy/certs\n# bind :8443 ssl crt /commented/out.pem\n"
            + "frontend https\n  bind :443 ssl crt site.pem ca-file /opt/haproxy/ca.pem alpn h2\n");
    write("opt/apache/site.crt", TestPki.pem(ecLeaf.cert()));
    write(
        "etc/apache2/sites-enabled/default-ssl.conf",
        "<VirtualHost *:443>\n  SSLEngine on\n  SSLCertificateFile \"/opt/apache/site.crt\"\n</VirtualHost>\n");

    Map<String, String> settings =
        Map.of(
            "certificates.keystore_password./etc/pki/store.p12", "changeit",
            "certificates.keystore_password./etc/pki/wrong.pfx", "wrong",
            "certificates.keystore_password./etc/pki/trust.jks", "jkspass");
    CollectionContext ctx =
        new CollectionContext(
            Clock.fixed(NOW, ZoneOffset.UTC),
            CollectionContext.DEFAULT_MAX_FILE_BYTES,
            Duration.ofSeconds(10),
            Duration.ofSeconds(120),
            settings);
    try (RootDirTransport t = new RootDirTransport(root)) {
      snapshot = new SnapshotCollector(List.of(new CertificateFilesCollector())).collect(t, ctx);
    }
    for (Map<String, Object> c : items(CertificateFilesCollector.CERTS)) {
      certsBySubjectCn.put((String) c.get("subject_cn"), c);
    }
  }

  private static void write(String rel, String text) throws IOException {
    write(rel, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(String rel, byte[] bytes) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  private static void chmod(String rel, String perms) throws IOException {
    Files.setPosixFilePermissions(root.resolve(rel), PosixFilePermissions.fromString(perms));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(String fact) {
    Fact f = snapshot.fact(fact).orElseThrow();
    assertTrue(f.isOk(), fact + " is " + f.state() + ": " + f.reason());
    return (List<Map<String, Object>>) ((Map<String, Object>) f.value()).get("items");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cert(String cn) {
    Map<String, Object> c = (Map<String, Object>) certsBySubjectCn.get(cn);
    assertTrue(c != null, "no certificate " + cn + " in " + certsBySubjectCn.keySet());
    return c;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> chain(String cn) {
    return (Map<String, Object>) cert(cn).get("chain");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> file(String path) {
    Map<String, Object> files =
        (Map<String, Object>) snapshot.fact(CertificateFilesCollector.FILES).orElseThrow().value();
    for (Map<String, Object> f : (List<Map<String, Object>>) files.get("files")) {
      if (f.get("path").equals(path)) {
        return f;
      }
    }
    throw new AssertionError("no file entry " + path + " in " + files.get("files"));
  }

  static Map<String, Object> key(String path) {
    return items(CertificateFilesCollector.KEYS).stream()
        .filter(k -> k.get("path").equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no key " + path));
  }

  @Test
  void collectorProducesAllDeclaredFactsWithoutErrors() {
    assertEquals(List.of(), snapshot.collectorErrors());
    for (String name : new CertificateFilesCollector().descriptor().facts()) {
      assertTrue(snapshot.fact(name).orElseThrow().isOk(), name);
    }
  }

  @Test
  void validLeafWithIntermediateOnHostChainsToTrustedRoot() {
    Map<String, Object> c = cert("valid.example");
    assertEquals("valid", chain("valid.example").get("result"), chain("valid.example").toString());
    assertEquals(
        List.of(
            "CN=valid.example,O=Vigil Test",
            "CN=Test Intermediate,O=Vigil Test",
            "CN=Test Root CA,O=Vigil Test"),
        chain("valid.example").get("path"));
    assertEquals("/etc/ssl/certs/valid.pem", c.get("path"));
    assertEquals(0L, c.get("position"));
    assertEquals(214L, c.get("days_until_expiry")); // 2026-06-01 .. 2027-01-01
    assertEquals("RSA", c.get("key_algorithm"));
    assertEquals(2048L, c.get("key_size"));
    assertEquals("SHA256withRSA", c.get("signature_algorithm"));
    assertEquals("sha256", c.get("signature_hash"));
    assertEquals(false, c.get("self_signed"));
    assertEquals(false, c.get("ca"));
    assertEquals(List.of("valid.example"), c.get("dns_names"));
    assertEquals(List.of("127.0.0.1"), c.get("ip_addresses"));
    assertEquals(List.of("serverAuth"), c.get("extended_key_usage"));
    assertEquals(List.of("digitalSignature", "keyEncipherment"), c.get("key_usage"));
    assertEquals("CN=Test Intermediate,O=Vigil Test", c.get("issuer"));
    @SuppressWarnings("unchecked")
    List<String> locations = (List<String>) c.get("locations");
    assertTrue(locations.contains("/srv/tls/site.crt#0"), locations.toString());
  }

  @Test
  void intermediateIsCaWithPathLength() {
    Map<String, Object> c = cert("Test Intermediate");
    assertEquals(true, c.get("ca"));
    assertEquals(0L, c.get("path_length"));
    assertEquals(List.of("keyCertSign", "cRLSign"), c.get("key_usage"));
    assertEquals("valid", chain("Test Intermediate").get("result"));
  }

  @Test
  void rootInTrustStoreIsTrustedAndSelfSigned() {
    Map<String, Object> c = cert("Test Root CA");
    assertEquals(true, c.get("self_signed"));
    assertEquals(true, c.get("trusted_root"));
    assertEquals("valid", chain("Test Root CA").get("result"));
  }

  @Test
  void expiredLeafIsExpiredWithNegativeDays() {
    assertEquals("expired", chain("expired.example").get("result"));
    assertTrue(
        ((String) chain("expired.example").get("reason"))
            .contains("expired on 2026-03-01T00:00:00Z"));
    assertEquals(-92L, cert("expired.example").get("days_until_expiry"));
    assertEquals(true, cert("expired.example").get("expired"));
  }

  @Test
  void notYetValidLeafIsReportedSo() {
    assertEquals("not-yet-valid", chain("notyet.example").get("result"));
    assertEquals(true, cert("notyet.example").get("not_yet_valid"));
  }

  @Test
  void weakKeyAndSha1SignatureAreDescribedNotRejected() {
    assertEquals(1024L, cert("weak.example").get("key_size"));
    assertEquals("valid", chain("weak.example").get("result"));
    assertEquals("SHA1withRSA", cert("sha1.example").get("signature_algorithm"));
    assertEquals("sha1", cert("sha1.example").get("signature_hash"));
    assertEquals("valid", chain("sha1.example").get("result"));
  }

  @Test
  void selfSignedLeafHasUntrustedRoot() {
    assertEquals(true, cert("self.example").get("self_signed"));
    assertEquals("untrusted-root", chain("self.example").get("result"));
    assertTrue(
        ((String) chain("self.example").get("reason"))
            .contains("not in the trust store /etc/ssl/certs/ca-certificates.crt"));
  }

  @Test
  void missingIntermediateIsBrokenChain() {
    assertEquals("broken-chain", chain("orphan.example").get("result"));
    assertTrue(
        ((String) chain("orphan.example").get("reason"))
            .contains(
                "issuer 'CN=Other Intermediate,O=Vigil Test' of 'CN=orphan.example,O=Vigil Test' not found"));
  }

  @Test
  void ecAndEd25519KeysAreDescribed() {
    assertEquals("EC", cert("ec.example").get("key_algorithm"));
    assertEquals("secp256r1", cert("ec.example").get("key_curve"));
    assertEquals(256L, cert("ec.example").get("key_size"));
    assertEquals("SHA256withRSA", cert("ec.example").get("signature_algorithm"));
    assertEquals("Ed25519", cert("ed.example").get("key_algorithm"));
    assertEquals("der", file("/etc/pki/tls/ed.der").get("format"));
    assertEquals("valid", chain("ed.example").get("result"));
  }

  @Test
  void pkcs7BundleYieldsItsCertificates() {
    Map<String, Object> f = file("/etc/pki/tls/bundle.p7b");
    assertEquals("pkcs7", f.get("format"));
    assertEquals(2L, f.get("certificates"));
  }

  @Test
  void keystoreWithPasswordListsEntriesWithoutOneIsNotchecked() {
    Map<String, Map<String, Object>> stores = new HashMap<>();
    for (Map<String, Object> s : items(CertificateFilesCollector.STORES)) {
      stores.put((String) s.get("path"), s);
    }
    assertEquals("ok", stores.get("/etc/pki/store.p12").get("status"));
    assertEquals("pkcs12", stores.get("/etc/pki/store.p12").get("type"));
    assertEquals(2L, stores.get("/etc/pki/store.p12").get("certificates"));
    assertEquals(1L, stores.get("/etc/pki/store.p12").get("keys"));
    assertEquals("notchecked", stores.get("/etc/pki/nopass.p12").get("status"));
    assertTrue(
        ((String) stores.get("/etc/pki/nopass.p12").get("reason"))
            .contains("no password configured"));
    assertEquals("error", stores.get("/etc/pki/wrong.pfx").get("status"));
    assertTrue(
        ((String) stores.get("/etc/pki/wrong.pfx").get("reason"))
            .contains("password was incorrect"),
        stores.get("/etc/pki/wrong.pfx").toString());
    assertEquals("ok", stores.get("/etc/pki/trust.jks").get("status"));
    assertEquals("jks", stores.get("/etc/pki/trust.jks").get("type"));
    assertEquals(2L, stores.get("/etc/pki/trust.jks").get("certificates"));
    assertEquals("/etc/pki/store.p12", cert("p12.example").get("path"));
    assertEquals("server", cert("p12.example").get("alias"));
    Map<String, Object> k = key("/etc/pki/store.p12");
    assertEquals("RSA", k.get("type"));
    assertEquals(true, k.get("matches_certificate"));
  }

  @Test
  void privateKeysAreDescribedAndMatchedToCertificates() {
    Map<String, Object> pkcs1 = key("/etc/ssl/private/valid.key");
    assertEquals("pkcs1", pkcs1.get("format"));
    assertEquals("RSA", pkcs1.get("type"));
    assertEquals(2048L, pkcs1.get("size"));
    assertEquals(false, pkcs1.get("encrypted"));
    assertEquals("0600", pkcs1.get("mode_octal"));
    assertEquals(false, pkcs1.get("world_readable"));
    assertEquals(true, pkcs1.get("matches_certificate"));
    assertEquals(List.of(cert("valid.example").get("sha256")), pkcs1.get("matching_certificates"));

    Map<String, Object> pkcs8 = key("/etc/ssl/private/pkcs8.key");
    assertEquals("pkcs8", pkcs8.get("format"));
    assertEquals(1024L, pkcs8.get("size"));
    assertEquals(true, pkcs8.get("world_readable"));
    assertEquals(true, pkcs8.get("matches_certificate"));

    Map<String, Object> enc = key("/etc/ssl/private/enc.key");
    assertEquals("pkcs8-encrypted", enc.get("format"));
    assertEquals(true, enc.get("encrypted"));
    assertEquals("unknown", enc.get("type"));
    assertEquals(false, enc.get("matches_certificate"));

    Map<String, Object> ec = key("/etc/ssl/private/ec.key");
    assertEquals("sec1", ec.get("format"));
    assertEquals("EC", ec.get("type"));
    assertEquals("secp256r1", ec.get("curve"));
    assertEquals(true, ec.get("matches_certificate"));

    Map<String, Object> ed = key("/etc/ssl/private/ed.key");
    assertEquals("Ed25519", ed.get("type"));
    assertEquals(true, ed.get("matches_certificate"));

    assertEquals(false, key("/etc/ssl/private/lonely.key").get("matches_certificate"));
    assertEquals(true, key("/srv/tls/site.key").get("matches_certificate"));
  }

  @Test
  void opensshHostKeyReferencedFromSshdIsDescribed() {
    Map<String, Object> k = key("/etc/ssh/ssh_host_ed25519_key");
    assertEquals("openssh", k.get("format"));
    assertEquals("Ed25519", k.get("type"));
    assertEquals(false, k.get("encrypted"));
    assertEquals("0600", k.get("mode_octal"));
    assertEquals(
        List.of("/etc/ssh/sshd_config"),
        file("/etc/ssh/ssh_host_ed25519_key").get("referenced_by"));
  }

  @Test
  void legacyEncryptedPemKeyShowsItsTypeOnly() {
    Map<String, Object> k = key("/etc/ssl/private/legacy.key");
    assertEquals("RSA", k.get("type"));
    assertEquals(true, k.get("encrypted"));
    assertFalse(k.containsKey("size"));
  }

  @Test
  void pathsReferencedFromNginxAreCollected() {
    @SuppressWarnings("unchecked")
    List<String> by = (List<String>) file("/srv/tls/site.crt").get("referenced_by");
    assertEquals(List.of("/etc/nginx/sites-enabled/default"), by);
    Map<String, Object> missing = file("/srv/tls/missing.crt");
    assertEquals("error", missing.get("status"));
    assertEquals("/srv/tls/missing.crt: no such file", missing.get("reason"));
  }

  @Test
  void pathsReferencedFromHaproxyAndApacheAreCollected() {
    assertEquals(
        List.of("/etc/haproxy/haproxy.cfg"),
        file("/opt/haproxy/certs/site.pem").get("referenced_by"));
    assertEquals(2L, file("/opt/haproxy/certs/site.pem").get("certificates"));
    assertEquals(1L, file("/opt/haproxy/certs/site.pem").get("keys"));
    assertEquals("/opt/haproxy/ca.pem: no such file", file("/opt/haproxy/ca.pem").get("reason"));
    assertEquals(
        List.of("/etc/apache2/sites-enabled/default-ssl.conf"),
        file("/opt/apache/site.crt").get("referenced_by"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files =
        (List<Map<String, Object>>)
            ((Map<String, Object>)
                    snapshot.fact(CertificateFilesCollector.FILES).orElseThrow().value())
                .get("files");
    assertFalse(files.stream().anyMatch(f -> f.get("path").equals("/commented/out.pem")));
  }

  @Test
  void truncatedPemIsAnErrorWithTheLine() {
    Map<String, Object> f = file("/etc/ssl/bad/truncated.pem");
    assertEquals("error", f.get("status"));
    assertEquals(
        "/etc/ssl/bad/truncated.pem:1: CERTIFICATE block has no END line", f.get("reason"));
  }

  @Test
  void badBase64LineIsAnErrorWithTheLine() {
    Map<String, Object> f = file("/etc/ssl/bad/badline.pem");
    assertEquals("error", f.get("status"));
    assertEquals("/etc/ssl/bad/badline.pem:4: bad base64 in CERTIFICATE block", f.get("reason"));
  }

  @Test
  void randomBytesAreAnErrorNotACrash() {
    Map<String, Object> f = file("/etc/ssl/bad/random.der");
    assertEquals("error", f.get("status"));
    assertTrue(((String) f.get("reason")).contains("neither PEM"), f.toString());
    Map<String, Object> g = file("/etc/ssl/bad/random-seq.der");
    assertEquals("error", g.get("status"));
    assertTrue(
        ((String) g.get("reason")).startsWith("/etc/ssl/bad/random-seq.der: "), g.toString());
  }

  @Test
  void fiftyMegabytePemIsRefusedBySize() {
    Map<String, Object> f = file("/etc/ssl/bad/huge.pem");
    assertEquals("error", f.get("status"));
    assertEquals(
        "/etc/ssl/bad/huge.pem: file is 52428800 bytes, larger than the limit of 4194304 bytes",
        f.get("reason"));
  }

  @Test
  void rootWithoutCertificateDirectoriesIsAbsent() throws Exception {
    Path bare = Files.createDirectories(tmp.resolve("bare/etc"));
    Snapshot s = snapshotOf(bare.getParent());
    Fact f = s.fact(CertificateFilesCollector.CERTS).orElseThrow();
    assertEquals(dev.vigil.core.facts.FactState.ABSENT, f.state());
    assertTrue(
        f.reason()
            .orElseThrow()
            .startsWith("no certificate directory on the target: none of /etc/ssl"));
  }

  @Test
  void emptyCertificateDirectoryWithoutConfigsIsOkAndEmpty() throws Exception {
    Path r =
        Files.createDirectories(tmp.resolve("sslonly/etc/ssl/certs"))
            .getParent()
            .getParent()
            .getParent();
    Snapshot s = snapshotOf(r);
    assertEquals(List.of(), ok(s, CertificateFilesCollector.CERTS).get("items"));
    assertEquals(
        List.of(
            "/etc/ssl", "/etc/pki", "/etc/letsencrypt/live", "/usr/local/share/ca-certificates"),
        ok(s, CertificateFilesCollector.FILES).get("roots"));
  }

  @Test
  void filesWithoutCertificateNamesAreNotRead() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files =
        (List<Map<String, Object>>)
            ((Map<String, Object>)
                    snapshot.fact(CertificateFilesCollector.FILES).orElseThrow().value())
                .get("files");
    assertFalse(files.stream().anyMatch(f -> f.get("path").equals("/etc/ssl/README")));
  }

  @Test
  void noPrivateKeyMaterialInTheSnapshotJson() throws Exception {
    String json = Json.mapper().writeValueAsString(snapshot);
    List<java.security.KeyPair> all = new java.util.ArrayList<>();
    for (Issued i : List.of(valid, weak, self, ecLeaf, edLeaf, p12Leaf)) {
      all.add(i.keys());
    }
    all.add(sshHostKey);
    for (java.security.KeyPair i : all) {
      byte[] encoded = i.getPrivate().getEncoded();
      String b64 = Base64.getEncoder().encodeToString(encoded);
      assertFalse(
          json.contains(b64.substring(b64.length() - 40)), "private key base64 in snapshot");
      byte[] tail = java.util.Arrays.copyOfRange(encoded, encoded.length - 16, encoded.length);
      assertFalse(
          json.contains(java.util.HexFormat.of().formatHex(tail)), "private key hex in snapshot");
      if (i.getPrivate() instanceof RSAPrivateCrtKey rsa) {
        assertFalse(json.contains(rsa.getPrivateExponent().toString(16).substring(0, 32)));
        assertFalse(json.contains(rsa.getPrivateExponent().toString().substring(0, 32)));
        assertFalse(json.contains(rsa.getPrimeP().toString(16).substring(0, 32)));
      }
      if (i.getPrivate() instanceof ECPrivateKey ec) {
        assertFalse(json.contains(ec.getS().toString(16).substring(0, 32)));
      }
    }
    assertFalse(json.contains("PRIVATE KEY"));
  }
}
