package dev.vigil.collectors.certificates;

import dev.vigil.collectors.certificates.internal.Bc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Generates keys and certificates at test time with BouncyCastle. */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(1000);

  private TestPki() {}

  /** An issued certificate with its key pair. */
  public record Issued(X509Certificate cert, KeyPair keys) {
    public X500Name name() {
      return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    }
  }

  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A builder of one certificate. */
  public static final class Spec {
    private final String cn;
    private KeyPair keys = rsa(2048);
    private Issued issuer;
    private Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
    private Instant notAfter = Instant.parse("2027-01-01T00:00:00Z");
    private boolean ca;
    private Integer pathLen;
    private final List<GeneralName> sans = new ArrayList<>();
    private String sigAlg;
    private String ocspUrl;

    private Spec(String cn) {
      this.cn = cn;
    }

    public Spec keys(KeyPair k) {
      this.keys = k;
      return this;
    }

    public Spec issuer(Issued i) {
      this.issuer = i;
      return this;
    }

    public Spec validity(String from, String to) {
      this.notBefore = Instant.parse(from);
      this.notAfter = Instant.parse(to);
      return this;
    }

    public Spec ca(Integer pathLength) {
      this.ca = true;
      this.pathLen = pathLength;
      return this;
    }

    public Spec dns(String name) {
      sans.add(new GeneralName(GeneralName.dNSName, name));
      return this;
    }

    public Spec ip(String address) {
      sans.add(new GeneralName(GeneralName.iPAddress, address));
      return this;
    }

    public Spec ocsp(String url) {
      this.ocspUrl = url;
      return this;
    }

    public Spec signature(String alg) {
      this.sigAlg = alg;
      return this;
    }

    public Issued build() {
      try {
        X500Name subject = new X500Name("CN=" + cn + ",O=Vigil Test");
        X500Name issuerName = issuer == null ? subject : issuer.name();
        PrivateKey signer = issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b =
            new JcaX509v3CertificateBuilder(
                issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                keys.getPublic());
        b.addExtension(
            Extension.basicConstraints,
            true,
            ca
                ? (pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen))
                : new BasicConstraints(false));
        b.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(
                ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(
            Extension.subjectKeyIdentifier,
            false,
            ext.createSubjectKeyIdentifier(keys.getPublic()));
        if (issuer != null) {
          b.addExtension(
              Extension.authorityKeyIdentifier,
              false,
              ext.createAuthorityKeyIdentifier(issuer.keys().getPublic()));
        }
        if (!ca) {
          b.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        }
        if (ocspUrl != null) {
          b.addExtension(
              Extension.authorityInfoAccess,
              false,
              new org.bouncycastle.asn1.x509.AuthorityInformationAccess(
                  org.bouncycastle.asn1.x509.AccessDescription.id_ad_ocsp,
                  new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
        }
        if (!sans.isEmpty()) {
          b.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        String alg = sigAlg != null ? sigAlg : defaultSig(signer);
        X509Certificate cert =
            new JcaX509CertificateConverter()
                .setProvider(Bc.PROVIDER)
                .getCertificate(
                    b.build(
                        new JcaContentSignerBuilder(alg).setProvider(Bc.PROVIDER).build(signer)));
        return new Issued(cert, keys);
      } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String defaultSig(PrivateKey k) {
    return switch (k.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> "SHA256withRSA";
    };
  }

  public static Spec cert(String cn) {
    return new Spec(cn);
  }

  /** PEM text of certificates or keys as JcaPEMWriter writes them (RSA/EC keys: traditional). */
  public static String pem(Object... objects) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      for (Object o : objects) {
        p.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** An EC key in OpenSSL's traditional form, with the curve named inside as OpenSSL writes it. */
  public static String sec1(PrivateKey key) {
    try {
      PrivateKey bc =
          java.security.KeyFactory.getInstance("EC", Bc.PROVIDER)
              .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
      return pem(bc);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Ed25519 key in OpenSSH's own format ({@code openssh-key-v1}), unencrypted. */
  public static String openssh(KeyPair ed25519) {
    try {
      byte[] blob =
          org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil.encodePrivateKey(
              org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(
                  ed25519.getPrivate().getEncoded()));
      String b64 =
          java.util.Base64.getMimeEncoder(
                  70, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .encodeToString(blob);
      return "-----BEGIN OPENSSH PRIVATE KEY-----\n"
          + b64
          + "\n-----END OPENSSH PRIVATE KEY-----\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An RSA key in OpenSSL's legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED}). */
  public static String legacyEncrypted(PrivateKey key, String password) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(
          key,
          new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-128-CBC")
              .setProvider(Bc.PROVIDER)
              .build(password.toCharArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  public static String pkcs8(PrivateKey key) {
    try {
      return pem(new JcaPKCS8Generator(key, null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String encryptedPkcs8(PrivateKey key, String password) {
    try {
      return pem(
          new JcaPKCS8Generator(
                  key,
                  new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                      .setProvider(Bc.PROVIDER)
                      .setPassword(password.toCharArray())
                      .build())
              .generate());
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] pkcs12(Issued leaf, List<X509Certificate> chain, String password) {
    return store("PKCS12", leaf, chain, password);
  }

  public static byte[] jks(List<X509Certificate> trusted, String password) {
    try {
      KeyStore ks = KeyStore.getInstance("JKS");
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : trusted) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password.toCharArray());
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] store(
      String type, Issued leaf, List<X509Certificate> chain, String password) {
    try {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(null, null);
      List<X509Certificate> all = new ArrayList<>();
      all.add(leaf.cert());
      all.addAll(chain);
      ks.setKeyEntry(
          "server",
          leaf.keys().getPrivate(),
          password.toCharArray(),
          all.toArray(X509Certificate[]::new));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password.toCharArray());
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certs-only PKCS#7 (as {@code openssl crl2pkcs7 -nocrl} writes). */
  public static byte[] pkcs7(List<X509Certificate> certs) {
    try {
      return CertificateFactory.getInstance("X.509").generateCertPath(certs).getEncoded("PKCS7");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }
}
