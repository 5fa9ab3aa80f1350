package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import dev.vigil.reports.Verification.SignatureStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks a run folder against its manifest and the manifest against its signature, naming every
 * file that was changed, added or removed. Stateless and thread-safe.
 *
 * <p>{@link #selfContained()} trusts the public key stored in {@code manifest.sig}: it proves the
 * folder is unchanged since it was signed, by whoever holds that key. {@link #trusting} also proves
 * who signed: only the given key is accepted.
 */
public final class Verifier {
  private final Optional<Ed25519PublicKeyParameters> trusted;

  private Verifier(Optional<Ed25519PublicKeyParameters> trusted) {
    this.trusted = trusted;
  }

  public static Verifier selfContained() {
    return new Verifier(Optional.empty());
  }

  /** Accepts only signatures by the Ed25519 public key in this PEM file. */
  public static Verifier trusting(Path publicKeyPem) throws IOException {
    return new Verifier(Optional.of(ManifestSigner.readPublic(publicKeyPem)));
  }

  /**
   * @throws IOException only when the folder itself cannot be listed; a missing or unreadable
   *     manifest is reported in the result
   */
  public Verification verify(Path runDir) throws IOException {
    requireNonNull(runDir, "runDir");
    List<String> changed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(runDir)) {
      problems.add("not a run folder: " + runDir);
      return new Verification(
          runDir, changed, added, removed, SignatureStatus.MISSING, Optional.empty(), problems);
    }
    Path manifestFile = runDir.resolve(Manifest.FILE);
    byte[] manifestBytes = null;
    Manifest manifest = null;
    if (!Files.isRegularFile(manifestFile)) {
      problems.add("manifest.json is missing");
    } else {
      manifestBytes = Files.readAllBytes(manifestFile);
      try {
        manifest = Manifest.read(manifestFile);
      } catch (IOException e) {
        problems.add("manifest.json cannot be read: " + firstLine(e.getMessage()));
      }
    }
    if (manifest != null) {
      Map<String, Manifest.Entry> listed = new HashMap<>();
      for (Manifest.Entry e : manifest.files()) {
        listed.put(e.path(), e);
      }
      for (Path p : Manifest.listFiles(runDir)) {
        String rel = Manifest.relative(runDir, p);
        Manifest.Entry e = listed.remove(rel);
        if (e == null) {
          added.add(rel);
        } else if (Files.size(p) != e.size() || !Manifest.sha256(p).equals(e.sha256())) {
          changed.add(rel);
        }
      }
      listed.keySet().stream().sorted().forEach(removed::add);
    }

    SignatureStatus status;
    Optional<String> fingerprint = Optional.empty();
    Path sigFile = runDir.resolve(Manifest.SIGNATURE_FILE);
    if (!Files.isRegularFile(sigFile)) {
      status = SignatureStatus.MISSING;
    } else if (manifestBytes == null) {
      status = SignatureStatus.INVALID;
    } else {
      try {
        ManifestSignature sig = ManifestSignature.read(sigFile);
        byte[] spki = Base64.getDecoder().decode(sig.publicKey());
        Ed25519PublicKeyParameters key = ManifestSigner.publicFromSpki(spki, "manifest.sig");
        fingerprint = Optional.of(ManifestSigner.fingerprint(spki));
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, key);
        v.update(manifestBytes, 0, manifestBytes.length);
        boolean valid =
            sig.algorithm().equals("Ed25519")
                && v.verifySignature(Base64.getDecoder().decode(sig.signature()));
        if (!valid) {
          status = SignatureStatus.INVALID;
        } else if (trusted.isPresent()
            && !java.util.Arrays.equals(trusted.get().getEncoded(), key.getEncoded())) {
          status = SignatureStatus.UNTRUSTED_KEY;
        } else {
          status = SignatureStatus.VALID;
        }
      } catch (IOException | IllegalArgumentException e) {
        problems.add("manifest.sig cannot be read: " + firstLine(e.getMessage()));
        status = SignatureStatus.INVALID;
      }
    }
    return new Verification(runDir, changed, added, removed, status, fingerprint, problems);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
