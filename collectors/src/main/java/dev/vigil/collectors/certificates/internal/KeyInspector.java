package dev.vigil.collectors.certificates.internal;

import dev.vigil.core.Digests;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.DSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.DSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Reduces private keys to type, size, curve and the identity of their public half. The private
 * parameters live only in local variables of these methods and never leave them.
 */
public final class KeyInspector {
  private KeyInspector() {}

  /** A PKCS#8 PrivateKeyInfo (unencrypted). */
  public static KeyInfo pkcs8(PrivateKeyInfo info, String format) throws IOException {
    AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(info);
    KeyInfo k = fromPrivate(priv, format);
    if (k.curve().isEmpty()
        && info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) {
      return new KeyInfo(
          k.format(),
          k.type(),
          k.size(),
          Optional.of(CertificateFacts.curveName(curve)),
          k.encrypted(),
          k.publicKeyId());
    }
    return k;
  }

  /** A PKCS#1 RSAPrivateKey. */
  public static KeyInfo pkcs1(RSAPrivateKey key) throws IOException {
    PrivateKeyInfo info =
        new PrivateKeyInfo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), key);
    return pkcs8(info, "pkcs1");
  }

  /** A SEC 1 ECPrivateKey; the curve must be named in the key (it always is in practice). */
  public static KeyInfo sec1(ECPrivateKey key, Optional<ASN1ObjectIdentifier> curveFromParams)
      throws IOException {
    ASN1Encodable params = key.getParametersObject();
    ASN1Encodable curve = params != null ? params : curveFromParams.orElse(null);
    if (curve == null) {
      return new KeyInfo("sec1", "EC", 0, Optional.empty(), false, Optional.empty());
    }
    PrivateKeyInfo info =
        new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), key);
    return pkcs8(info, "sec1");
  }

  /** A legacy OpenSSL encrypted PEM key ({@code Proc-Type: 4,ENCRYPTED}): only the type shows. */
  public static KeyInfo legacyEncrypted(String pemType) {
    String type =
        switch (pemType) {
          case "RSA PRIVATE KEY" -> "RSA";
          case "EC PRIVATE KEY" -> "EC";
          case "DSA PRIVATE KEY" -> "DSA";
          default -> "unknown";
        };
    return new KeyInfo("pkcs1", type, 0, Optional.empty(), true, Optional.empty());
  }

  /** Canonical id of a public key: SHA-256 of BouncyCastle's re-encoding of it. */
  public static Optional<String> publicKeyId(SubjectPublicKeyInfo spki) {
    try {
      AsymmetricKeyParameter pub = PublicKeyFactory.createKey(spki);
      return Optional.of(
          Digests.sha256(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A JCA private key (from a keystore). */
  public static KeyInfo jca(java.security.PrivateKey key, String format) {
    try {
      return pkcs8(PrivateKeyInfo.getInstance(key.getEncoded()), format);
    } catch (IOException | RuntimeException e) {
      return new KeyInfo(format, key.getAlgorithm(), 0, Optional.empty(), false, Optional.empty());
    }
  }

  private static KeyInfo fromPrivate(AsymmetricKeyParameter priv, String format)
      throws IOException {
    AsymmetricKeyParameter pub;
    String type;
    long size;
    Optional<String> curve = Optional.empty();
    if (priv instanceof RSAPrivateCrtKeyParameters rsa) {
      type = "RSA";
      size = rsa.getModulus().bitLength();
      pub = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
    } else if (priv instanceof RSAKeyParameters rsa) {
      // no public exponent without CRT parameters: the key cannot be matched
      return new KeyInfo(
          format, "RSA", rsa.getModulus().bitLength(), Optional.empty(), false, Optional.empty());
    } else if (priv instanceof ECPrivateKeyParameters ec) {
      type = "EC";
      size = ec.getParameters().getCurve().getFieldSize();
      pub =
          new ECPublicKeyParameters(
              ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters());
      if (ec.getParameters() instanceof org.bouncycastle.crypto.params.ECNamedDomainParameters n) {
        curve = Optional.of(CertificateFacts.curveName(n.getName()));
      }
    } else if (priv instanceof Ed25519PrivateKeyParameters ed) {
      type = "Ed25519";
      size = 256;
      pub = ed.generatePublicKey();
    } else if (priv instanceof Ed448PrivateKeyParameters ed) {
      type = "Ed448";
      size = 456;
      pub = ed.generatePublicKey();
    } else if (priv instanceof DSAPrivateKeyParameters dsa) {
      type = "DSA";
      size = dsa.getParameters().getP().bitLength();
      pub =
          new DSAPublicKeyParameters(
              dsa.getParameters().getG().modPow(dsa.getX(), dsa.getParameters().getP()),
              dsa.getParameters());
    } else {
      return new KeyInfo(
          format, priv.getClass().getSimpleName(), 0, Optional.empty(), false, Optional.empty());
    }
    String id =
        Digests.sha256(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded());
    return new KeyInfo(format, type, size, curve, false, Optional.of(id));
  }

  /** True for a DER SEQUENCE shaped like a PKCS#1 RSAPrivateKey (version and eight integers). */
  public static boolean looksPkcs1(ASN1Sequence seq) {
    if (seq.size() < 9) {
      return false;
    }
    for (int i = 0; i < 9; i++) {
      if (!(seq.getObjectAt(i) instanceof ASN1Integer)) {
        return false;
      }
    }
    return true;
  }

  /**
   * An OpenSSH private key ({@code openssh-key-v1}). Its public half is stored in clear, so type,
   * size and match work even when the private part is encrypted.
   */
  public static KeyInfo openssh(byte[] blob) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(blob);
    byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    if (blob.length < magic.length) {
      throw new IOException("not an openssh-key-v1 key");
    }
    byte[] head = new byte[magic.length];
    b.get(head);
    if (!java.util.Arrays.equals(head, magic)) {
      throw new IOException("not an openssh-key-v1 key");
    }
    String cipher = new String(sshString(b), StandardCharsets.US_ASCII);
    sshString(b); // kdf name
    sshString(b); // kdf options
    int n = b.getInt();
    if (n < 1) {
      throw new IOException("openssh key holds no key");
    }
    ByteBuffer pub = ByteBuffer.wrap(sshString(b));
    String keyType = new String(sshString(pub), StandardCharsets.US_ASCII);
    boolean encrypted = !cipher.equals("none");
    String type;
    long size;
    Optional<String> curve = Optional.empty();
    switch (keyType) {
      case "ssh-rsa" -> {
        sshString(pub); // e
        type = "RSA";
        size = new BigInteger(1, sshString(pub)).bitLength();
      }
      case "ssh-ed25519" -> {
        type = "Ed25519";
        size = 256;
      }
      case "ssh-dss" -> {
        type = "DSA";
        size = new BigInteger(1, sshString(pub)).bitLength();
      }
      default -> {
        if (keyType.startsWith("ecdsa-sha2-nistp")) {
          type = "EC";
          String bits = keyType.substring("ecdsa-sha2-nistp".length());
          size = Long.parseLong(bits);
          curve =
              Optional.of(
                  switch (bits) {
                    case "256" -> "secp256r1";
                    case "384" -> "secp384r1";
                    case "521" -> "secp521r1";
                    default -> "nistp" + bits;
                  });
        } else {
          type = keyType;
          size = 0;
        }
      }
    }
    return new KeyInfo("openssh", type, size, curve, encrypted, Optional.empty());
  }

  private static byte[] sshString(ByteBuffer b) throws IOException {
    if (b.remaining() < 4) {
      throw new IOException("truncated openssh key");
    }
    int len = b.getInt();
    if (len < 0 || len > b.remaining()) {
      throw new IOException("truncated openssh key");
    }
    byte[] out = new byte[len];
    b.get(out);
    return out;
  }
}
