package dev.vigil.collectors.certificates.internal;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Signature checks with BouncyCastle, whatever the JDK's algorithm policy says. */
public final class Signatures {
  private Signatures() {}

  /**
   * True when {@code cert} was signed by the key in {@code issuerKey}; false on any failure. The
   * JDK's providers verify first (their algorithm policy does not apply to a bare Signature, and
   * BouncyCastle's RSA key import runs a costly primality check of every modulus); BouncyCastle
   * verifies what the JDK has no algorithm for.
   */
  public static boolean verifies(X509CertificateHolder cert, SubjectPublicKeyInfo issuerKey) {
    try {
      return cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuerKey));
    } catch (CertException | OperatorCreationException | RuntimeException e) {
      try {
        return cert.isSignatureValid(
            new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(issuerKey));
      } catch (CertException | OperatorCreationException | RuntimeException e2) {
        return false;
      }
    }
  }

  /** Subject equals issuer and the certificate's own key verifies its signature. */
  public static boolean selfSigned(X509CertificateHolder cert) {
    return cert.getSubject().equals(cert.getIssuer())
        && verifies(cert, cert.getSubjectPublicKeyInfo());
  }
}
