package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Verifier#verify} found in a run folder.
 *
 * @param changed files whose SHA-256 or size differs from the manifest
 * @param added files in the folder that the manifest does not list
 * @param removed files the manifest lists that are gone
 * @param keyFingerprint the fingerprint of the key that signed, when a signature was read
 * @param problems everything else that stops the run from verifying (unreadable manifest, ...)
 */
public record Verification(
    Path runDir,
    List<String> changed,
    List<String> added,
    List<String> removed,
    SignatureStatus signature,
    Optional<String> keyFingerprint,
    List<String> problems) {

  public enum SignatureStatus {
    /** Signed by the expected key, and the manifest is unchanged since. */
    VALID,
    /** The signature does not match the manifest: the manifest or signature was altered. */
    INVALID,
    /** No {@code manifest.sig}. */
    MISSING,
    /** Correctly signed, but by a key other than the trusted one. */
    UNTRUSTED_KEY
  }

  public Verification {
    requireNonNull(runDir, "runDir");
    requireNonNull(signature, "signature");
    changed = List.copyOf(changed);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    keyFingerprint = keyFingerprint == null ? Optional.empty() : keyFingerprint;
    problems = List.copyOf(problems);
  }

  /** True when every file matches the manifest and the signature is valid. */
  public boolean ok() {
    return changed.isEmpty()
        && added.isEmpty()
        && removed.isEmpty()
        && problems.isEmpty()
        && signature == SignatureStatus.VALID;
  }

  /** One line per problem, for the command line; a single OK line when it verifies. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    if (ok()) {
      out.add(
          "OK "
              + runDir
              + ": every file matches manifest.json, signed by "
              + keyFingerprint.orElse("?"));
      return out;
    }
    problems.forEach(p -> out.add("FAIL " + p));
    changed.forEach(f -> out.add("CHANGED " + f));
    added.forEach(f -> out.add("ADDED " + f));
    removed.forEach(f -> out.add("REMOVED " + f));
    switch (signature) {
      case INVALID -> out.add("FAIL manifest.sig does not match manifest.json");
      case MISSING -> out.add("FAIL manifest.sig is missing");
      case UNTRUSTED_KEY ->
          out.add("FAIL signed by " + keyFingerprint.orElse("?") + ", not by the trusted key");
      default -> {}
    }
    return out;
  }
}
