package dev.vigil.collectors.certificates.internal;

import dev.vigil.core.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * Describes one X.509 certificate as the JSON-shaped map of {@code docs/facts.md}
 * (certificates.certs items). Pure and thread-safe; never fails on an odd but parseable certificate
 * (an unknown algorithm is reported by its OID).
 */
public final class CertificateFacts {
  private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();
  private static final long DAY = 86_400L;

  private static final Map<ASN1ObjectIdentifier, String> EKU =
      Map.of(
          KeyPurposeId.id_kp_serverAuth.toOID(), "serverAuth",
          KeyPurposeId.id_kp_clientAuth.toOID(), "clientAuth",
          KeyPurposeId.id_kp_codeSigning.toOID(), "codeSigning",
          KeyPurposeId.id_kp_emailProtection.toOID(), "emailProtection",
          KeyPurposeId.id_kp_timeStamping.toOID(), "timeStamping",
          KeyPurposeId.id_kp_OCSPSigning.toOID(), "OCSPSigning",
          KeyPurposeId.anyExtendedKeyUsage.toOID(), "anyExtendedKeyUsage");

  private static final String[] KEY_USAGE_NAMES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };
  private static final int[] KEY_USAGE_BITS = {
    KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
    KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign,
    KeyUsage.cRLSign, KeyUsage.encipherOnly, KeyUsage.decipherOnly
  };

  private CertificateFacts() {}

  /** The SHA-256 fingerprint of the certificate's DER, lower-case hex. */
  public static String fingerprint(X509CertificateHolder cert) {
    try {
      return Digests.sha256(cert.getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every field of the certificate, without chain and location (the caller adds them). */
  public static Map<String, Object> describe(X509CertificateHolder cert, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sha256", fingerprint(cert));
    m.put("version", cert.getVersionNumber());
    m.put("subject", name(cert.getSubject()));
    m.put("issuer", name(cert.getIssuer()));
    commonName(cert.getSubject()).ifPresent(cn -> m.put("subject_cn", cn));
    m.put("serial", cert.getSerialNumber().toString(16));
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    m.put("sans", sans(cert, dns, ips));
    m.put("dns_names", dns);
    m.put("ip_addresses", ips);
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    m.put("not_before", notBefore.toString());
    m.put("not_after", notAfter.toString());
    m.put(
        "days_until_expiry", Math.floorDiv(notAfter.getEpochSecond() - now.getEpochSecond(), DAY));
    m.put("expired", now.isAfter(notAfter));
    m.put("not_yet_valid", now.isBefore(notBefore));
    putKey(m, cert.getSubjectPublicKeyInfo(), "key_algorithm", "key_size", "key_curve");
    String sig = signatureName(cert.getSignatureAlgorithm());
    m.put("signature_algorithm", sig);
    m.put("signature_hash", signatureHash(sig));
    m.put("self_signed", Signatures.selfSigned(cert));
    BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
    boolean ca = bc != null && bc.isCA();
    m.put("ca", ca);
    if (ca && bc.getPathLenConstraint() != null) {
      m.put("path_length", bc.getPathLenConstraint().longValue());
    }
    m.put("key_usage", keyUsage(cert));
    m.put("extended_key_usage", extendedKeyUsage(cert));
    return m;
  }

  /** A distinguished name as RFC 4514 text, most significant RDN last ({@code CN=x,O=y}). */
  public static String name(X500Name name) {
    return BCStyle.INSTANCE.toString(name);
  }

  static java.util.Optional<String> commonName(X500Name name) {
    RDN[] rdns = name.getRDNs(BCStyle.CN);
    if (rdns.length == 0 || rdns[0].getFirst() == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(valueText(rdns[0].getFirst().getValue()));
  }

  private static String valueText(Object v) {
    return v instanceof ASN1String s ? s.getString() : String.valueOf(v);
  }

  private static List<String> sans(X509CertificateHolder cert, List<String> dns, List<String> ips) {
    List<String> out = new ArrayList<>();
    GeneralNames names =
        GeneralNames.fromExtensions(cert.getExtensions(), Extension.subjectAlternativeName);
    if (names == null) {
      return out;
    }
    for (GeneralName n : names.getNames()) {
      switch (n.getTagNo()) {
        case GeneralName.dNSName -> {
          String v = valueText(n.getName());
          dns.add(v);
          out.add("dns:" + v);
        }
        case GeneralName.iPAddress -> {
          String v = ip(DEROctetString.getInstance(n.getName()).getOctets());
          ips.add(v);
          out.add("ip:" + v);
        }
        case GeneralName.rfc822Name -> out.add("email:" + valueText(n.getName()));
        case GeneralName.uniformResourceIdentifier -> out.add("uri:" + valueText(n.getName()));
        case GeneralName.directoryName ->
            out.add("dirname:" + name(X500Name.getInstance(n.getName())));
        default -> out.add("other:" + n.getTagNo());
      }
    }
    return out;
  }

  private static String ip(byte[] octets) {
    try {
      return InetAddress.getByAddress(octets).getHostAddress();
    } catch (UnknownHostException e) {
      return "invalid:" + new BigInteger(1, octets).toString(16);
    }
  }

  /** Puts algorithm, size and (EC) curve of a public key under the given keys. */
  public static void putKey(
      Map<String, Object> m,
      SubjectPublicKeyInfo spki,
      String algKey,
      String sizeKey,
      String curveKey) {
    AlgorithmIdentifier alg = spki.getAlgorithm();
    ASN1ObjectIdentifier oid = alg.getAlgorithm();
    try {
      if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)
          || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
        m.put(algKey, "RSA");
        m.put(
            sizeKey,
            (long) RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength());
      } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        m.put(algKey, "EC");
        if (alg.getParameters() instanceof ASN1ObjectIdentifier curve) {
          X9ECParameters p = ECNamedCurveTable.getByOID(curve);
          m.put(sizeKey, p == null ? 0L : (long) p.getCurve().getFieldSize());
          m.put(curveKey, curveName(curve));
        } else {
          m.put(curveKey, "explicit");
          X9ECParameters p = X9ECParameters.getInstance(alg.getParameters());
          m.put(sizeKey, (long) p.getCurve().getFieldSize());
        }
      } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
        m.put(algKey, "Ed25519");
        m.put(sizeKey, 256L);
      } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
        m.put(algKey, "Ed448");
        m.put(sizeKey, 456L);
      } else if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
        m.put(algKey, "DSA");
        if (alg.getParameters() != null) {
          m.put(sizeKey, (long) DSAParameter.getInstance(alg.getParameters()).getP().bitLength());
        }
      } else {
        m.put(algKey, oid.getId());
      }
    } catch (IOException | RuntimeException e) {
      m.putIfAbsent(algKey, oid.getId());
    }
  }

  /** The SEC name of a named curve ({@code secp256r1}), else another known name, else the OID. */
  public static String curveName(ASN1ObjectIdentifier oid) {
    String n = org.bouncycastle.asn1.sec.SECNamedCurves.getName(oid);
    if (n == null) {
      n = ECNamedCurveTable.getName(oid);
    }
    return n == null ? oid.getId() : n;
  }

  /** A JCA-style name: {@code SHA256withRSA}, {@code SHA256withECDSA}, {@code Ed25519}. */
  public static String signatureName(AlgorithmIdentifier alg) {
    if (alg.getAlgorithm().equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      try {
        RSASSAPSSparams p = RSASSAPSSparams.getInstance(alg.getParameters());
        String h = NAMES.getAlgorithmName(p.getHashAlgorithm()).replace("-", "");
        return h + "withRSAandMGF1";
      } catch (RuntimeException e) {
        return "RSASSA-PSS";
      }
    }
    String n = NAMES.getAlgorithmName(alg);
    int with = n.toUpperCase(Locale.ROOT).indexOf("WITH");
    if (with > 0) {
      return n.substring(0, with).replace("-", "") + "with" + n.substring(with + 4);
    }
    if (n.equalsIgnoreCase("ED25519")) {
      return "Ed25519";
    }
    if (n.equalsIgnoreCase("ED448")) {
      return "Ed448";
    }
    return n;
  }

  /** The digest of a signature algorithm name: md5, sha1, sha256, ..., none for EdDSA. */
  public static String signatureHash(String signatureName) {
    String n = signatureName.toLowerCase(Locale.ROOT).replace("-", "");
    if (n.startsWith("ed25519") || n.startsWith("ed448")) {
      return "none";
    }
    for (String h :
        new String[] {"sha512", "sha384", "sha256", "sha224", "sha3", "sha1", "md5", "md2"}) {
      if (n.startsWith(h)) {
        return h.equals("sha3") ? n.substring(0, Math.min(n.length(), 7)) : h;
      }
    }
    return "unknown";
  }

  private static List<String> keyUsage(X509CertificateHolder cert) {
    KeyUsage ku = KeyUsage.fromExtensions(cert.getExtensions());
    List<String> out = new ArrayList<>();
    if (ku == null) {
      return out;
    }
    for (int i = 0; i < KEY_USAGE_BITS.length; i++) {
      if (ku.hasUsages(KEY_USAGE_BITS[i])) {
        out.add(KEY_USAGE_NAMES[i]);
      }
    }
    return out;
  }

  private static List<String> extendedKeyUsage(X509CertificateHolder cert) {
    ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(cert.getExtensions());
    List<String> out = new ArrayList<>();
    if (eku == null) {
      return out;
    }
    for (KeyPurposeId id : eku.getUsages()) {
      out.add(EKU.getOrDefault(id.toOID(), id.toOID().getId()));
    }
    return out;
  }
}
