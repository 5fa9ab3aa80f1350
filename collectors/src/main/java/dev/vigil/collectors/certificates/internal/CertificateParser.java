package dev.vigil.collectors.certificates.internal;

import dev.vigil.collectors.certificates.internal.FileParse.FoundCert;
import dev.vigil.collectors.certificates.internal.FileParse.FoundKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Turns the bytes of one file into certificates, key descriptions and problems. Never throws: any
 * failure becomes the file's status and reason. Thread-safe.
 */
public final class CertificateParser {
  private static final int JKS_MAGIC = 0xFEEDFEED;
  private static final int JCEKS_MAGIC = 0xCECECECE;

  private CertificateParser() {}

  /**
   * @param password the keystore password, when one is configured for this path
   */
  public static FileParse parse(String path, byte[] bytes, Optional<char[]> password) {
    try {
      return parseUnchecked(path, bytes, password);
    } catch (RuntimeException | StackOverflowError e) {
      return FileParse.error("unknown", path + ": cannot parse: " + e);
    }
  }

  private static FileParse parseUnchecked(String path, byte[] bytes, Optional<char[]> password) {
    if (bytes.length == 0) {
      return FileParse.error("unknown", path + ": empty file");
    }
    if (bytes.length >= 4) {
      int magic =
          (bytes[0] & 0xff) << 24
              | (bytes[1] & 0xff) << 16
              | (bytes[2] & 0xff) << 8
              | bytes[3] & 0xff;
      if (magic == JKS_MAGIC || magic == JCEKS_MAGIC) {
        return keystore(path, bytes, magic == JKS_MAGIC ? "JKS" : "JCEKS", "jks", password);
      }
    }
    if ((bytes[0] & 0xff) == 0x30) {
      return der(path, bytes, password);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    PemScanner.Result pem = PemScanner.scan(text, path);
    if (!pem.sawBegin()) {
      return FileParse.error(
          "unknown",
          path + ": neither PEM (no BEGIN line) nor DER (does not start with a SEQUENCE)");
    }
    return pem(path, pem);
  }

  private static FileParse pem(String path, PemScanner.Result pem) {
    List<String> problems = new ArrayList<>(pem.problems());
    List<FoundCert> certs = new ArrayList<>();
    List<FoundKey> keys = new ArrayList<>();
    int position = 0;
    for (PemBlock b : pem.blocks()) {
      String where = path + ":" + b.line();
      try {
        switch (b.type()) {
          case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> {
            certs.add(new FoundCert(certificate(b.der(), b.type()), position++, Optional.empty()));
          }
          case "PKCS7", "CERTIFICATE CHAIN" -> {
            for (X509CertificateHolder c : pkcs7(b.der())) {
              certs.add(new FoundCert(c, position++, Optional.empty()));
            }
          }
          case "PRIVATE KEY" ->
              keys.add(
                  new FoundKey(
                      KeyInspector.pkcs8(PrivateKeyInfo.getInstance(b.der()), "pkcs8"),
                      position++,
                      Optional.empty()));
          case "ENCRYPTED PRIVATE KEY" -> {
            EncryptedPrivateKeyInfo.getInstance(b.der()); // validates the structure
            keys.add(
                new FoundKey(
                    KeyInfo.encryptedUnknown("pkcs8-encrypted"), position++, Optional.empty()));
          }
          case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> {
            if (b.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
              keys.add(
                  new FoundKey(
                      KeyInspector.legacyEncrypted(b.type()), position++, Optional.empty()));
            } else {
              keys.add(
                  new FoundKey(traditionalKey(b.type(), b.der()), position++, Optional.empty()));
            }
          }
          case "OPENSSH PRIVATE KEY" ->
              keys.add(new FoundKey(KeyInspector.openssh(b.der()), position++, Optional.empty()));
          case "EC PARAMETERS",
              "PUBLIC KEY",
              "RSA PUBLIC KEY",
              "CERTIFICATE REQUEST",
              "NEW CERTIFICATE REQUEST",
              "X509 CRL",
              "DH PARAMETERS" -> {
            // not a certificate or a private key: nothing to report
          }
          default -> problems.add(where + ": unsupported PEM block type " + b.type());
        }
      } catch (IOException | RuntimeException e) {
        problems.add(where + ": cannot parse " + b.type() + " block: " + message(e));
      }
    }
    String format =
        keys.stream().anyMatch(k -> k.key().format().equals("openssh")) ? "openssh" : "pem";
    if (certs.isEmpty() && keys.isEmpty() && !problems.isEmpty()) {
      return new FileParse(
          format, "error", Optional.of(problems.get(0)), problems, certs, keys, Optional.empty());
    }
    return new FileParse(format, "ok", Optional.empty(), problems, certs, keys, Optional.empty());
  }

  private static X509CertificateHolder certificate(byte[] der, String type) throws IOException {
    if (type.equals("TRUSTED CERTIFICATE")) {
      // OpenSSL's trusted form: the certificate followed by its trust settings
      ASN1Primitive first = ASN1Primitive.fromByteArray(der);
      return new X509CertificateHolder(first.getEncoded());
    }
    return new X509CertificateHolder(der);
  }

  private static KeyInfo traditionalKey(String type, byte[] der) throws IOException {
    return switch (type) {
      case "RSA PRIVATE KEY" -> KeyInspector.pkcs1(RSAPrivateKey.getInstance(der));
      case "EC PRIVATE KEY" -> KeyInspector.sec1(ECPrivateKey.getInstance(der), Optional.empty());
      default -> dsaKey(ASN1Sequence.getInstance(der));
    };
  }

  private static KeyInfo dsaKey(ASN1Sequence seq) {
    // version, p, q, g, y, x
    long bits = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue().bitLength();
    return new KeyInfo("pkcs1", "DSA", bits, Optional.empty(), false, Optional.empty());
  }

  private static List<X509CertificateHolder> pkcs7(byte[] der) throws IOException {
    ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
    if (!ci.getContentType().equals(PKCSObjectIdentifiers.signedData)) {
      throw new IOException(
          "PKCS#7 content is " + ci.getContentType().getId() + ", not signedData");
    }
    SignedData sd = SignedData.getInstance(ci.getContent());
    List<X509CertificateHolder> out = new ArrayList<>();
    ASN1Set set = sd.getCertificates();
    if (set != null) {
      for (int i = 0; i < set.size(); i++) {
        out.add(
            new X509CertificateHolder(
                org.bouncycastle.asn1.x509.Certificate.getInstance(set.getObjectAt(i))));
      }
    }
    return out;
  }

  private static FileParse der(String path, byte[] bytes, Optional<char[]> password) {
    ASN1Sequence seq;
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(bytes);
      if (!(p instanceof ASN1Sequence s)) {
        return FileParse.error("der", path + ": DER content is not a SEQUENCE");
      }
      seq = s;
    } catch (IOException | RuntimeException e) {
      return FileParse.error("der", path + ": not valid DER: " + message(e));
    }
    try {
      // Certificate: SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, BIT STRING }
      if (seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Sequence) {
        X509CertificateHolder c =
            new X509CertificateHolder(org.bouncycastle.asn1.x509.Certificate.getInstance(seq));
        return ok("der", List.of(new FoundCert(c, 0, Optional.empty())), List.of());
      }
      if (seq.size() == 2 && seq.getObjectAt(0) instanceof ASN1ObjectIdentifier oid) {
        if (oid.equals(PKCSObjectIdentifiers.signedData)) {
          List<FoundCert> certs = new ArrayList<>();
          int i = 0;
          for (X509CertificateHolder c : pkcs7(bytes)) {
            certs.add(new FoundCert(c, i++, Optional.empty()));
          }
          return ok("pkcs7", certs, List.of());
        }
        // EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING } handled below
      }
      if (seq.size() >= 2
          && seq.getObjectAt(0) instanceof ASN1Integer v
          && v.hasValue(3)
          && seq.getObjectAt(1) instanceof ASN1Sequence) {
        return keystore(path, bytes, "PKCS12", "pkcs12", password);
      }
      if (KeyInspector.looksPkcs1(seq)) {
        return ok(
            "der",
            List.of(),
            List.of(
                new FoundKey(
                    KeyInspector.pkcs1(RSAPrivateKey.getInstance(seq)), 0, Optional.empty())));
      }
      if (seq.getObjectAt(0) instanceof ASN1Integer v && v.hasValue(0) && seq.size() >= 3) {
        return ok(
            "der",
            List.of(),
            List.of(
                new FoundKey(
                    KeyInspector.pkcs8(PrivateKeyInfo.getInstance(seq), "pkcs8"),
                    0,
                    Optional.empty())));
      }
      if (seq.getObjectAt(0) instanceof ASN1Integer v && v.hasValue(1) && seq.size() >= 2) {
        return ok(
            "der",
            List.of(),
            List.of(
                new FoundKey(
                    KeyInspector.sec1(ECPrivateKey.getInstance(seq), Optional.empty()),
                    0,
                    Optional.empty())));
      }
      if (seq.size() == 2 && seq.getObjectAt(0) instanceof ASN1Sequence) {
        EncryptedPrivateKeyInfo.getInstance(seq);
        return ok(
            "der",
            List.of(),
            List.of(
                new FoundKey(KeyInfo.encryptedUnknown("pkcs8-encrypted"), 0, Optional.empty())));
      }
    } catch (IOException | RuntimeException e) {
      return FileParse.error(
          "der", path + ": DER content is not a certificate, key or store: " + message(e));
    }
    return FileParse.error("der", path + ": DER content is not a certificate, key or store");
  }

  private static FileParse ok(String format, List<FoundCert> certs, List<FoundKey> keys) {
    return new FileParse(format, "ok", Optional.empty(), List.of(), certs, keys, Optional.empty());
  }

  private static FileParse keystore(
      String path, byte[] bytes, String jcaType, String format, Optional<char[]> password) {
    if (password.isEmpty()) {
      return new FileParse(
          format,
          "notchecked",
          Optional.of(
              path
                  + ": keystore not opened: no password configured (certificates.keystore_password)"),
          List.of(),
          List.of(),
          List.of(),
          Optional.of(format));
    }
    KeyStore ks;
    try {
      ks = KeyStore.getInstance(jcaType);
      ks.load(new ByteArrayInputStream(bytes), password.get());
    } catch (IOException e) {
      String why =
          e.getCause() instanceof UnrecoverableKeyException
                  || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password")
              ? "keystore password was incorrect"
              : "cannot open keystore: " + message(e);
      return storeError(path, format, why);
    } catch (GeneralSecurityException | RuntimeException e) {
      return storeError(path, format, "cannot open keystore: " + message(e));
    }
    List<FoundCert> certs = new ArrayList<>();
    List<FoundKey> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int position = 0;
    try {
      for (String alias : Collections.list(ks.aliases())) {
        try {
          if (ks.isKeyEntry(alias)) {
            Key k = ks.getKey(alias, password.get());
            if (k instanceof PrivateKey pk) {
              keys.add(new FoundKey(KeyInspector.jca(pk, format), position++, Optional.of(alias)));
            }
            Certificate[] chain = ks.getCertificateChain(alias);
            if (chain != null) {
              for (Certificate c : chain) {
                certs.add(
                    new FoundCert(
                        new X509CertificateHolder(c.getEncoded()), position++, Optional.of(alias)));
              }
            }
          } else {
            Certificate c = ks.getCertificate(alias);
            if (c != null) {
              certs.add(
                  new FoundCert(
                      new X509CertificateHolder(c.getEncoded()), position++, Optional.of(alias)));
            }
          }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
          problems.add(path + ": entry '" + alias + "': " + message(e));
        }
      }
    } catch (GeneralSecurityException e) {
      return storeError(path, format, "cannot list keystore: " + message(e));
    }
    return new FileParse(
        format, "ok", Optional.empty(), problems, certs, keys, Optional.of(format));
  }

  private static FileParse storeError(String path, String format, String why) {
    return new FileParse(
        format,
        "error",
        Optional.of(path + ": " + why),
        List.of(),
        List.of(),
        List.of(),
        Optional.of(format));
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
