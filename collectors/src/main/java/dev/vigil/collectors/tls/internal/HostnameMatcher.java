package dev.vigil.collectors.tls.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * RFC 6125 host-name matching: DNS names from the subjectAltName, a wildcard only as the whole
 * left-most label; IP addresses against iPAddress entries; the subject CN only when the certificate
 * has no DNS or IP subjectAltName at all (legacy certificates).
 */
public final class HostnameMatcher {
  private HostnameMatcher() {}

  public static boolean matches(String host, X509CertificateHolder cert) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    boolean ip = h.contains(":") || h.matches("[0-9.]+");
    List<String> dns = new ArrayList<>();
    List<byte[]> ips = new ArrayList<>();
    GeneralNames names =
        GeneralNames.fromExtensions(cert.getExtensions(), Extension.subjectAlternativeName);
    if (names != null) {
      for (GeneralName n : names.getNames()) {
        if (n.getTagNo() == GeneralName.dNSName) {
          dns.add(((ASN1String) n.getName()).getString());
        } else if (n.getTagNo() == GeneralName.iPAddress) {
          ips.add(DEROctetString.getInstance(n.getName()).getOctets());
        }
      }
    }
    if (ip) {
      try {
        byte[] want = InetAddress.getByName(h).getAddress();
        return ips.stream().anyMatch(b -> java.util.Arrays.equals(b, want));
      } catch (UnknownHostException e) {
        return false;
      }
    }
    if (dns.isEmpty() && ips.isEmpty()) {
      for (RDN rdn : cert.getSubject().getRDNs(BCStyle.CN)) {
        if (rdn.getFirst() != null && rdn.getFirst().getValue() instanceof ASN1String s) {
          dns.add(s.getString());
        }
      }
    }
    for (String pattern : dns) {
      if (matchesPattern(h, pattern.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  static boolean matchesPattern(String host, String pattern) {
    if (pattern.endsWith(".")) {
      pattern = pattern.substring(0, pattern.length() - 1);
    }
    if (!pattern.startsWith("*.")) {
      return host.equals(pattern);
    }
    String suffix = pattern.substring(1); // ".example.org"
    if (suffix.indexOf('.', 1) < 0) {
      return false; // "*.org" matches nothing
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(suffix);
  }
}
