package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code manifest.sig}: an Ed25519 signature over the exact bytes of {@code manifest.json}, with
 * the public key that made it so the run folder verifies on its own.
 *
 * @param publicKey the signer's public key, Base64 of its DER SubjectPublicKeyInfo
 * @param keyFingerprint {@code SHA256:} and the hex SHA-256 of that DER, to compare with a key an
 *     auditor trusts
 * @param signature Base64 of the 64-byte Ed25519 signature
 */
public record ManifestSignature(
    String algorithm,
    String signedFile,
    String publicKey,
    String keyFingerprint,
    String signature) {
  public ManifestSignature {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(signedFile, "signedFile");
    requireNonNull(publicKey, "publicKey");
    requireNonNull(keyFingerprint, "keyFingerprint");
    requireNonNull(signature, "signature");
  }

  public byte[] toBytes() throws IOException {
    return Json.pretty().writeValueAsBytes(this);
  }

  public static ManifestSignature read(Path file) throws IOException {
    return Json.mapper().readValue(file.toFile(), ManifestSignature.class);
  }
}
