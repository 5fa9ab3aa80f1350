package dev.vigil.collectors.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenSSH public keys reduced to what may be shown: type, size in bits and the SHA256 fingerprint
 * as {@code ssh-keygen -l} prints it. The key body itself is never returned.
 */
public final class SshKeys {
  private SshKeys() {}

  /** Type, bits, fingerprint of a base64 public key blob; empty when it is not a valid key. */
  public static Optional<Map<String, Object>> describe(String declaredType, String base64) {
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(blob);
      String type = string(b);
      if (!type.equals(declaredType)) {
        return Optional.empty();
      }
      String keyType = type;
      if (type.endsWith("-cert-v01@openssh.com")) {
        bytes(b); // nonce
        keyType = type.substring(0, type.length() - "-cert-v01@openssh.com".length());
      }
      int bits = bits(keyType, b);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("type", type);
      if (bits > 0) {
        out.put("bits", bits);
      }
      out.put("fingerprint", fingerprint(blob));
      return Optional.of(out);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public static String fingerprint(byte[] blob) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public static boolean isKeyType(String s) {
    return s.startsWith("ssh-")
        || s.startsWith("ecdsa-sha2-")
        || s.startsWith("sk-ssh-")
        || s.startsWith("sk-ecdsa-");
  }

  private static int bits(String type, ByteBuffer b) {
    switch (type) {
      case "ssh-rsa" -> {
        bytes(b); // e
        return new BigInteger(1, bytes(b)).bitLength();
      }
      case "ssh-dss" -> {
        return new BigInteger(1, bytes(b)).bitLength();
      }
      case "ssh-ed25519", "sk-ssh-ed25519@openssh.com" -> {
        return 256;
      }
      case "ssh-ed448" -> {
        return 456;
      }
      default -> {
        if (type.startsWith("ecdsa-sha2-nistp") || type.startsWith("sk-ecdsa-sha2-nistp")) {
          String curve = string(b);
          return switch (curve) {
            case "nistp256" -> 256;
            case "nistp384" -> 384;
            case "nistp521" -> 521;
            default -> 0;
          };
        }
        return 0;
      }
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad length");
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  private static String string(ByteBuffer b) {
    return new String(bytes(b), StandardCharsets.US_ASCII);
  }
}
