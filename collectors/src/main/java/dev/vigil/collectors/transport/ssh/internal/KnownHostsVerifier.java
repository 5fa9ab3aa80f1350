package dev.vigil.collectors.transport.ssh.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies a host key against an OpenSSH known_hosts file (plain and hashed entries). An unknown
 * key fails unless accept-new is on, which appends the key to the file; a changed key always fails.
 * The reason is kept for the error message, with the SHA256 fingerprint OpenSSH prints.
 */
public final class KnownHostsVerifier extends OpenSSHKnownHosts {
  private static final ConcurrentHashMap<Path, Object> FILE_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final boolean acceptNew;
  private volatile Optional<String> failure = Optional.empty();
  private volatile Optional<String> presented = Optional.empty();

  private KnownHostsVerifier(Path file, boolean acceptNew) throws IOException {
    super(file.toFile());
    this.file = file;
    this.acceptNew = acceptNew;
  }

  /** Loads the file; a missing file has no entries (every key is unknown). */
  public static KnownHostsVerifier load(Path file, boolean acceptNew) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    synchronized (lock(abs)) {
      return new KnownHostsVerifier(abs, acceptNew);
    }
  }

  /** Why verification failed; empty when it did not fail. */
  public Optional<String> failure() {
    return failure;
  }

  /** {@code ssh-ed25519 SHA256:...} of the key the server presented. */
  public Optional<String> presentedKey() {
    return presented;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    presented = Optional.of(describe(key));
    return super.verify(hostname, port, key);
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    if (acceptNew) {
      try {
        append(hostname, key);
        return true;
      } catch (IOException e) {
        failure =
            Optional.of("cannot record the new host key of " + hostname + " in " + file + ": " + e);
        return false;
      }
    }
    failure =
        Optional.of(
            "unknown host key for "
                + hostname
                + ": "
                + describe(key)
                + " is not in "
                + file
                + " (check the fingerprint out of band and add it, or opt in to accept-new)");
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    failure =
        Optional.of(
            "HOST KEY CHANGED for "
                + hostname
                + ": the server presented "
                + describe(key)
                + ", which differs from the key recorded in "
                + file
                + " (possible man-in-the-middle attack; if the host was reinstalled, remove its"
                + " old entry)");
    return false;
  }

  private void append(String hostname, PublicKey key) throws IOException {
    String line =
        hostname
            + " "
            + KeyType.fromKey(key)
            + " "
            + Base64.getEncoder().encodeToString(blob(key))
            + "\n";
    synchronized (lock(file)) {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (!existing.isEmpty() && !existing.endsWith("\n")) {
        line = "\n" + line;
      }
      if (!existing.contains(line.strip())) {
        Files.writeString(
            file,
            line,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    }
  }

  private static Object lock(Path file) {
    return FILE_LOCKS.computeIfAbsent(file, f -> new Object());
  }

  /** {@code ssh-ed25519 SHA256:<base64>}, as {@code ssh-keygen -l} prints it. */
  public static String describe(PublicKey key) {
    return KeyType.fromKey(key) + " " + fingerprint(key);
  }

  public static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] blob(PublicKey key) {
    try {
      return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("cannot encode host key", e));
    }
  }
}
