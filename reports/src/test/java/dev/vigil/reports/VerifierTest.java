package dev.vigil.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.reports.Verification.SignatureStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
  @TempDir Path tmp;
  Path home;
  Path run;

  @BeforeEach
  void writeRun() throws IOException {
    home = tmp.resolve("home");
    Assessment a = Fixtures.small("20261125T143518Z-3f9a");
    EvidenceArchive archive =
        new EvidenceArchive(
            tmp.resolve("out"), ControlCatalog.builtIn(), Optional.of(ManifestSigner.inHome(home)));
    run = archive.write(a, Fixtures.snapshots(a), EnumSet.allOf(Format.class)).dir();
  }

  @Test
  void freshRunVerifies() throws IOException {
    Verification v = Verifier.selfContained().verify(run);
    assertTrue(v.ok(), v.describe().toString());
    assertEquals(SignatureStatus.VALID, v.signature());
    assertTrue(v.describe().get(0).startsWith("OK "));
  }

  @Test
  void oneChangedByteOfFindingsJsonFailsNamingTheFile() throws IOException {
    Path findings = run.resolve("findings.json");
    byte[] b = Files.readAllBytes(findings);
    b[b.length / 2] ^= 1;
    Files.write(findings, b);

    Verification v = Verifier.selfContained().verify(run);
    assertFalse(v.ok());
    assertEquals(List.of("findings.json"), v.changed());
    assertEquals(SignatureStatus.VALID, v.signature(), "the manifest itself is intact");
    assertTrue(v.describe().contains("CHANGED findings.json"), v.describe().toString());
  }

  @Test
  void addedAndRemovedFilesAreNamed() throws IOException {
    Files.delete(run.resolve("findings.csv"));
    Files.writeString(run.resolve("extra.txt"), "planted");
    Verification v = Verifier.selfContained().verify(run);
    assertFalse(v.ok());
    assertEquals(List.of("extra.txt"), v.added());
    assertEquals(List.of("findings.csv"), v.removed());
  }

  @Test
  void aManifestRewrittenToMatchTamperedFilesBreaksTheSignature() throws IOException {
    Files.writeString(run.resolve("findings.csv"), "nothing,to,see\r\n");
    Manifest forged = Manifest.of("20261125T143518Z-3f9a", run);
    Files.write(run.resolve("manifest.json"), forged.toBytes());

    Verification v = Verifier.selfContained().verify(run);
    assertTrue(v.changed().isEmpty());
    assertEquals(SignatureStatus.INVALID, v.signature());
    assertFalse(v.ok());
  }

  @Test
  void aMissingSignatureFails() throws IOException {
    Files.delete(run.resolve("manifest.sig"));
    Verification v = Verifier.selfContained().verify(run);
    assertEquals(SignatureStatus.MISSING, v.signature());
    assertFalse(v.ok());
  }

  @Test
  void aTrustedKeyAcceptsItsOwnSignaturesAndRejectsAnotherKeys() throws IOException {
    Path pub = home.resolve(ManifestSigner.PUBLIC_KEY_FILE);
    assertTrue(Verifier.trusting(pub).verify(run).ok());

    Path otherHome = tmp.resolve("other");
    String otherPem = ManifestSigner.inHome(otherHome).publicKeyPem();
    Path otherPub = tmp.resolve("other.pub.pem");
    Files.writeString(otherPub, otherPem, StandardCharsets.US_ASCII);
    Verification v = Verifier.trusting(otherPub).verify(run);
    assertEquals(SignatureStatus.UNTRUSTED_KEY, v.signature());
    assertFalse(v.ok());
  }

  @Test
  void signingKeyIsCreatedOnFirstUseWithOwnerOnlyPermissionsAndReused() throws IOException {
    Path key = home.resolve(ManifestSigner.KEY_FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    String before = Files.readString(key);
    String fp = ManifestSigner.inHome(home).fingerprint();
    assertEquals(before, Files.readString(key), "key not regenerated");
    assertEquals(fp, ManifestSignature.read(run.resolve("manifest.sig")).keyFingerprint());
  }

  @Test
  void aSuppliedKeySignsAndNeverGeneratesOne() throws IOException {
    Path key = home.resolve(ManifestSigner.KEY_FILE);
    ManifestSigner supplied = ManifestSigner.fromPem(key);
    assertEquals(ManifestSigner.inHome(home).fingerprint(), supplied.fingerprint());
    Path missing = tmp.resolve("nope.pem");
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> ManifestSigner.fromPem(missing));
    assertTrue(e.getMessage().contains("nope.pem"), e.getMessage());
  }
}
