package dev.vigil.alerts.webhook;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret of a webhook and the HMAC-SHA256 signature made with it. The secret comes from
 * a file or an environment variable, never from the command line; {@link #toString} never shows it.
 * Thread-safe.
 *
 * <p>The signature header is {@value #HEADER}: {@code sha256=} followed by the lower-case hex
 * HMAC-SHA256 of the exact request body bytes. A receiver recomputes it over the raw body it
 * received (before any JSON parsing) and compares in constant time, as {@link #verify} does.
 */
public final class WebhookSecret {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSecret.class);
  public static final String HEADER = "X-Vigil-Signature-256";
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("webhook secret must not be empty");
    }
    this.key = key.clone();
  }

  public static WebhookSecret of(byte[] key) {
    return new WebhookSecret(requireNonNull(key, "key"));
  }

  /** Reads the secret from a file; one trailing line break (and surrounding blanks) is dropped. */
  public static WebhookSecret fromFile(Path file) throws IOException {
    warnIfShared(file);
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("webhook secret file is empty: " + file);
    }
    return new WebhookSecret(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void warnIfShared(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> perms = view.readAttributes().permissions();
    if (perms.contains(PosixFilePermission.GROUP_READ)
        || perms.contains(PosixFilePermission.OTHERS_READ)) {
      LOG.warn("webhook secret file {} is readable by group or others; chmod 600 it", file);
    }
  }

  /** Reads the secret from the environment variable {@code name}. */
  public static WebhookSecret fromEnv(String name) {
    return fromEnv(name, System.getenv());
  }

  static WebhookSecret fromEnv(String name, Map<String, String> env) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "environment variable " + name + " with the webhook secret is not set");
    }
    return new WebhookSecret(text.strip().getBytes(StandardCharsets.UTF_8));
  }

  /** The header value for {@code body}: {@code sha256=<hex>}. */
  public String sign(byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(mac(body));
  }

  /** True when {@code header} is the signature of {@code body}; compares in constant time. */
  public boolean verify(byte[] body, String header) {
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring("sha256=".length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(body), given);
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }
}
