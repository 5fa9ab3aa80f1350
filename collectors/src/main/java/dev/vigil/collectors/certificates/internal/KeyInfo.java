package dev.vigil.collectors.certificates.internal;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What may be said about a private key without revealing it.
 *
 * @param format pkcs1, pkcs8, pkcs8-encrypted, sec1, openssh, pkcs12, jks
 * @param type RSA, EC, Ed25519, Ed448, DSA or unknown
 * @param size bits, 0 when unknown
 * @param publicKeyId SHA-256 of the canonical SubjectPublicKeyInfo of the matching public key
 */
public record KeyInfo(
    String format,
    String type,
    long size,
    Optional<String> curve,
    boolean encrypted,
    Optional<String> publicKeyId) {
  public KeyInfo {
    requireNonNull(format, "format");
    requireNonNull(type, "type");
    curve = curve == null ? Optional.empty() : curve;
    publicKeyId = publicKeyId == null ? Optional.empty() : publicKeyId;
  }

  public static KeyInfo encryptedUnknown(String format) {
    return new KeyInfo(format, "unknown", 0, Optional.empty(), true, Optional.empty());
  }
}
