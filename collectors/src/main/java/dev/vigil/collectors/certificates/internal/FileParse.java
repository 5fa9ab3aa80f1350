package dev.vigil.collectors.certificates.internal;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * What one file held.
 *
 * @param format pem, der, pkcs7, pkcs12, jks, openssh or unknown
 * @param status ok, error or notchecked
 * @param reason why the status is not ok
 * @param problems parse problems of an otherwise usable file
 */
public record FileParse(
    String format,
    String status,
    Optional<String> reason,
    List<String> problems,
    List<FoundCert> certs,
    List<FoundKey> keys,
    Optional<String> storeType) {
  public FileParse {
    requireNonNull(format, "format");
    requireNonNull(status, "status");
    reason = reason == null ? Optional.empty() : reason;
    problems = List.copyOf(problems);
    certs = List.copyOf(certs);
    keys = List.copyOf(keys);
    storeType = storeType == null ? Optional.empty() : storeType;
  }

  /** A certificate at a position of the file; alias for keystore entries. */
  public record FoundCert(X509CertificateHolder cert, int position, Optional<String> alias) {}

  /** A private key at a position of the file; alias for keystore entries. */
  public record FoundKey(KeyInfo key, int position, Optional<String> alias) {}

  public static FileParse error(String format, String reason) {
    return new FileParse(
        format, "error", Optional.of(reason), List.of(), List.of(), List.of(), Optional.empty());
  }
}
