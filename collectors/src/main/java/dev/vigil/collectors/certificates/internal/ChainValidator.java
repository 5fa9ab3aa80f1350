package dev.vigil.collectors.certificates.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Builds the chain of a certificate from the certificates found on the host (or presented by a
 * server) and the trust anchors, and judges it. Own path building rather than the JDK's PKIX so
 * that the result names the exact problem and does not depend on the scanning JVM's algorithm
 * policy: a SHA-1 chain is reported as valid here and judged by a rule on {@code signature_hash}.
 *
 * <p>Thread-safe once built; signature checks are cached.
 */
public final class ChainValidator {
  public static final String VALID = "valid";
  public static final String EXPIRED = "expired";
  public static final String NOT_YET_VALID = "not-yet-valid";
  public static final String UNTRUSTED_ROOT = "untrusted-root";
  public static final String BROKEN_CHAIN = "broken-chain";

  private static final int MAX_DEPTH = 10;

  private final Map<X500Name, List<X509CertificateHolder>> bySubject = new HashMap<>();
  private final Set<String> anchors = new HashSet<>();
  private final String trustStoreName;
  private final String poolName;
  private final Instant now;
  private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

  /**
   * @param trustAnchors the trusted certificates (roots, occasionally intermediates)
   * @param pool other certificates that may serve as intermediates
   * @param trustStoreName how reasons name the trust store ({@code /etc/ssl/certs})
   * @param poolName how reasons name where intermediates were looked for ({@code on the host})
   */
  public ChainValidator(
      Collection<X509CertificateHolder> trustAnchors,
      Collection<X509CertificateHolder> pool,
      String trustStoreName,
      String poolName,
      Instant now) {
    this.trustStoreName = trustStoreName;
    this.poolName = poolName;
    this.now = now;
    for (X509CertificateHolder a : trustAnchors) {
      if (anchors.add(CertificateFacts.fingerprint(a))) {
        bySubject.computeIfAbsent(a.getSubject(), k -> new ArrayList<>()).add(a);
      }
    }
    Set<String> seen = new HashSet<>(anchors);
    for (X509CertificateHolder c : pool) {
      if (seen.add(CertificateFacts.fingerprint(c))) {
        bySubject.computeIfAbsent(c.getSubject(), k -> new ArrayList<>()).add(c);
      }
    }
  }

  public boolean isAnchor(X509CertificateHolder cert) {
    return anchors.contains(CertificateFacts.fingerprint(cert));
  }

  /**
   * Judges one certificate, using {@code presented} (a server's chain, in order) before the pool.
   */
  public Map<String, Object> validate(
      X509CertificateHolder leaf, List<X509CertificateHolder> presented) {
    List<String> problems = new ArrayList<>();
    List<String> path = new ArrayList<>();
    List<X509CertificateHolder> chain = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    String structural = null;
    String trust = null;
    X509CertificateHolder current = leaf;
    while (true) {
      String fp = CertificateFacts.fingerprint(current);
      chain.add(current);
      path.add(CertificateFacts.name(current.getSubject()));
      visited.add(fp);
      if (anchors.contains(fp)) {
        break;
      }
      boolean selfIssued = current.getSubject().equals(current.getIssuer());
      if (selfIssued && verifies(current, current)) {
        trust =
            "root '"
                + CertificateFacts.name(current.getSubject())
                + "' is not in the trust store "
                + trustStoreName;
        problems.add(trust);
        break;
      }
      if (chain.size() > MAX_DEPTH) {
        structural = "chain longer than " + MAX_DEPTH + " certificates";
        problems.add(structural);
        break;
      }
      List<X509CertificateHolder> candidates = candidates(current, presented, visited);
      if (candidates.isEmpty()) {
        structural =
            "issuer '"
                + CertificateFacts.name(current.getIssuer())
                + "' of '"
                + CertificateFacts.name(current.getSubject())
                + "' not found"
                + " "
                + poolName
                + " or in the trust store";
        problems.add(structural);
        break;
      }
      X509CertificateHolder issuer = null;
      for (X509CertificateHolder c : candidates) {
        if (verifies(current, c)) {
          issuer = c;
          break;
        }
      }
      if (issuer == null) {
        structural =
            "signature of '"
                + CertificateFacts.name(current.getSubject())
                + "' does not verify with the key of any certificate named '"
                + CertificateFacts.name(current.getIssuer())
                + "'";
        problems.add(structural);
        break;
      }
      BasicConstraints bc = BasicConstraints.fromExtensions(issuer.getExtensions());
      String issuerName = CertificateFacts.name(issuer.getSubject());
      if (issuer.getVersionNumber() >= 3 && (bc == null || !bc.isCA())) {
        structural = "issuer '" + issuerName + "' is not a CA (basicConstraints)";
        problems.add(structural);
      } else if (bc != null && bc.getPathLenConstraint() != null) {
        // certificates between the issuer and the leaf that are CAs themselves
        long intermediatesBelow = chain.size() - 1;
        if (intermediatesBelow > bc.getPathLenConstraint().longValue()) {
          structural = "path length constraint of '" + issuerName + "' is exceeded";
          problems.add(structural);
        }
      }
      current = issuer;
    }
    String time = null;
    String notYet = null;
    for (X509CertificateHolder c : chain) {
      Instant notAfter = c.getNotAfter().toInstant();
      Instant notBefore = c.getNotBefore().toInstant();
      String n = CertificateFacts.name(c.getSubject());
      if (now.isAfter(notAfter)) {
        String p = "'" + n + "' expired on " + notAfter;
        problems.add(p);
        time = time == null ? p : time;
      }
      if (now.isBefore(notBefore)) {
        String p = "'" + n + "' is not valid before " + notBefore;
        problems.add(p);
        notYet = notYet == null ? p : notYet;
      }
    }
    String result;
    String reason;
    if (structural != null) {
      result = BROKEN_CHAIN;
      reason = structural;
    } else if (trust != null) {
      result = UNTRUSTED_ROOT;
      reason = trust;
    } else if (time != null) {
      result = EXPIRED;
      reason = time;
    } else if (notYet != null) {
      result = NOT_YET_VALID;
      reason = notYet;
    } else {
      result = VALID;
      reason = "chains to trusted '" + path.get(path.size() - 1) + "' in " + trustStoreName;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("result", result);
    m.put("reason", reason);
    m.put("path", path);
    m.put("problems", problems);
    return m;
  }

  private List<X509CertificateHolder> candidates(
      X509CertificateHolder cert, List<X509CertificateHolder> presented, Set<String> visited) {
    X500Name issuer = cert.getIssuer();
    byte[] aki = authorityKeyId(cert);
    List<X509CertificateHolder> preferred = new ArrayList<>();
    List<X509CertificateHolder> others = new ArrayList<>();
    List<X509CertificateHolder> all = new ArrayList<>();
    for (X509CertificateHolder p : presented) {
      if (p.getSubject().equals(issuer)) {
        all.add(p);
      }
    }
    all.addAll(bySubject.getOrDefault(issuer, List.of()));
    Set<String> added = new HashSet<>();
    for (X509CertificateHolder c : all) {
      String fp = CertificateFacts.fingerprint(c);
      if (visited.contains(fp) || !added.add(fp)) {
        continue;
      }
      byte[] ski = subjectKeyId(c);
      boolean anchor = anchors.contains(fp);
      if (aki != null && ski != null && java.util.Arrays.equals(aki, ski) || anchor) {
        preferred.add(c);
      } else {
        others.add(c);
      }
    }
    // anchors first among the preferred, so a cross-signed path ends at a trusted root
    preferred.sort((a, b) -> Boolean.compare(!isAnchor(a), !isAnchor(b)));
    preferred.addAll(others);
    return preferred;
  }

  private boolean verifies(X509CertificateHolder cert, X509CertificateHolder issuer) {
    String key = CertificateFacts.fingerprint(cert) + ":" + CertificateFacts.fingerprint(issuer);
    return verified.computeIfAbsent(
        key, k -> Signatures.verifies(cert, issuer.getSubjectPublicKeyInfo()));
  }

  private static byte[] authorityKeyId(X509CertificateHolder c) {
    AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(c.getExtensions());
    return aki == null ? null : aki.getKeyIdentifierOctets();
  }

  private static byte[] subjectKeyId(X509CertificateHolder c) {
    SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(c.getExtensions());
    return ski == null ? null : ski.getKeyIdentifier();
  }
}
