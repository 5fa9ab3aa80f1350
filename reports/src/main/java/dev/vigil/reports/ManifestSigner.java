package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Signs run manifests with an Ed25519 key. The key lives in the vigil home as {@code
 * signing-key.pem} (PKCS#8, mode 0600) with {@code signing-key.pub.pem} beside it; it is generated
 * on the first signature when absent. Thread-safe.
 */
public final class ManifestSigner {
  public static final String KEY_FILE = "signing-key.pem";
  public static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";

  private final Path keyFile;
  private Ed25519PrivateKeyParameters key;

  private ManifestSigner(Path keyFile, Ed25519PrivateKeyParameters key) {
    this.keyFile = keyFile;
    this.key = key;
  }

  /** The key of {@code home} ({@code ~/.vigil} by default), created on first use. */
  public static ManifestSigner inHome(Path home) {
    return new ManifestSigner(requireNonNull(home, "home").resolve(KEY_FILE), null);
  }

  /** The key of the default vigil home: {@code $VIGIL_HOME}, else {@code ~/.vigil}. */
  public static ManifestSigner inDefaultHome() {
    return inHome(defaultHome());
  }

  public static Path defaultHome() {
    String env = System.getenv("VIGIL_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".vigil");
  }

  /** A supplied key: a PKCS#8 PEM file holding an Ed25519 private key. Never generates one. */
  public static ManifestSigner fromPem(Path privateKeyPem) throws IOException {
    return new ManifestSigner(privateKeyPem, readPrivate(privateKeyPem));
  }

  public synchronized ManifestSignature sign(byte[] manifest) throws IOException {
    Ed25519PrivateKeyParameters k = key();
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, k);
    s.update(manifest, 0, manifest.length);
    byte[] sig = s.generateSignature();
    byte[] spki = spki(k.generatePublicKey());
    return new ManifestSignature(
        "Ed25519",
        Manifest.FILE,
        Base64.getEncoder().encodeToString(spki),
        fingerprint(spki),
        Base64.getEncoder().encodeToString(sig));
  }

  /** The public key as PEM, to hand to auditors as the trusted key. */
  public synchronized String publicKeyPem() throws IOException {
    return pem("PUBLIC KEY", spki(key().generatePublicKey()));
  }

  public synchronized String fingerprint() throws IOException {
    return fingerprint(spki(key().generatePublicKey()));
  }

  private Ed25519PrivateKeyParameters key() throws IOException {
    if (key == null) {
      key = Files.exists(keyFile) ? readPrivate(keyFile) : generate(keyFile);
    }
    return key;
  }

  private static Ed25519PrivateKeyParameters generate(Path keyFile) throws IOException {
    Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
    Path dir = keyFile.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(k).getEncoded();
    String pem = pem("PRIVATE KEY", pkcs8);
    try {
      // Created 0600 from the start: the key is never readable by others, not even briefly.
      Files.createFile(
          keyFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      return readPrivate(keyFile); // another process won the race; use its key
    } catch (UnsupportedOperationException e) {
      Files.createFile(keyFile);
    }
    Files.writeString(keyFile, pem, StandardCharsets.US_ASCII);
    Files.writeString(
        dir.resolve(PUBLIC_KEY_FILE),
        pem("PUBLIC KEY", spki(k.generatePublicKey())),
        StandardCharsets.US_ASCII);
    return k;
  }

  private static Ed25519PrivateKeyParameters readPrivate(Path file) throws IOException {
    byte[] der = unpem(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY", file);
    AsymmetricKeyParameter p;
    try {
      p = PrivateKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new IOException("not a PKCS#8 private key: " + file, e);
    }
    if (!(p instanceof Ed25519PrivateKeyParameters k)) {
      throw new IOException("signing key must be Ed25519: " + file);
    }
    return k;
  }

  /** Reads an Ed25519 public key from PEM (SubjectPublicKeyInfo), for a trusted key. */
  static Ed25519PublicKeyParameters readPublic(Path file) throws IOException {
    byte[] der = unpem(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY", file);
    return publicFromSpki(der, file.toString());
  }

  static Ed25519PublicKeyParameters publicFromSpki(byte[] der, String where) throws IOException {
    AsymmetricKeyParameter p;
    try {
      p = PublicKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new IOException("not a public key: " + where, e);
    }
    if (!(p instanceof Ed25519PublicKeyParameters k)) {
      throw new IOException("public key must be Ed25519: " + where);
    }
    return k;
  }

  static byte[] spki(Ed25519PublicKeyParameters pub) throws IOException {
    return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded();
  }

  static String fingerprint(byte[] spki) {
    return "SHA256:" + Digests.sha256(spki);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] unpem(String text, String type, Path file) throws IOException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IOException("expected a PEM " + type + " block: " + file);
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IOException("bad Base64 in " + file, ex);
    }
  }
}
