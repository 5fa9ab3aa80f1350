package dev.vigil.collectors.tls.internal;

import dev.vigil.collectors.tls.Starttls;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one hand-built ClientHello offering exactly one protocol version and reads the server's
 * answer, without completing the handshake. This is how a scanner learns which versions a server
 * accepts whatever the scanning JVM's own policy is: the JDK disables TLS 1.0 and 1.1 (and SSLv3)
 * through {@code jdk.tls.disabledAlgorithms}, and loosening that security property would change the
 * whole JVM. For TLS 1.2 and lower the exchange can continue to the server's Certificate message,
 * which is sent in clear, so the chain of a server that only speaks old versions is still seen.
 *
 * <p>Nothing is sent after the ClientHello; the connection is closed after the answer.
 */
public final class RawHello {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_RECORD = 18_432;
  private static final int MAX_HANDSHAKE_BYTES = 256 * 1024;

  /** Suites offered for TLS 1.2 and lower: what servers of the last twenty years accept. */
  static final Map<Integer, String> LEGACY_SUITES = new LinkedHashMap<>();

  static {
    LEGACY_SUITES.put(0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    LEGACY_SUITES.put(0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    LEGACY_SUITES.put(0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    LEGACY_SUITES.put(0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    LEGACY_SUITES.put(0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    LEGACY_SUITES.put(0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    LEGACY_SUITES.put(0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
    LEGACY_SUITES.put(0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    LEGACY_SUITES.put(0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
    LEGACY_SUITES.put(0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    LEGACY_SUITES.put(0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
    LEGACY_SUITES.put(0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
    LEGACY_SUITES.put(0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    LEGACY_SUITES.put(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA");
    LEGACY_SUITES.put(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA");
    LEGACY_SUITES.put(0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256");
    LEGACY_SUITES.put(0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384");
    LEGACY_SUITES.put(0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256");
    LEGACY_SUITES.put(0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA");
    LEGACY_SUITES.put(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA");
    LEGACY_SUITES.put(0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA");
    LEGACY_SUITES.put(0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    LEGACY_SUITES.put(0x0005, "TLS_RSA_WITH_RC4_128_SHA");
    LEGACY_SUITES.put(0x0004, "TLS_RSA_WITH_RC4_128_MD5");
    LEGACY_SUITES.put(0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  }

  static final Map<Integer, String> TLS13_SUITES =
      Map.of(
          0x1301, "TLS_AES_128_GCM_SHA256",
          0x1302, "TLS_AES_256_GCM_SHA384",
          0x1303, "TLS_CHACHA20_POLY1305_SHA256");

  private RawHello() {}

  /** What the server answered. */
  public enum Outcome {
    /** It answered with a ServerHello for the offered version. */
    ACCEPTED,
    /** It answered with an alert, a lower version, or closed the connection. */
    REJECTED,
    /** Connect failed, timed out, or the answer was not TLS. */
    ERROR
  }

  /**
   * @param reason for REJECTED and ERROR, what happened ({@code alert protocol_version})
   * @param certificates DER of the Certificate message, when asked for and sent (TLS 1.2 and lower)
   * @param statusRequestAcknowledged the ServerHello echoed status_request: it will staple OCSP
   */
  public record Answer(
      Outcome outcome,
      String reason,
      Optional<String> cipher,
      List<byte[]> certificates,
      boolean statusRequestAcknowledged,
      boolean connected) {
    public Answer {
      certificates = List.copyOf(certificates);
    }

    static Answer of(Outcome o, String reason, boolean connected) {
      return new Answer(o, reason, Optional.empty(), List.of(), false, connected);
    }
  }

  /**
   * Offers {@code version} alone to {@code address}.
   *
   * @param sni the host name to send, empty for an IP literal
   * @param wantCertificates keep reading to the Certificate message (TLS 1.2 and lower only)
   */
  public static Answer probe(
      InetSocketAddress address,
      Optional<String> sni,
      ProtocolVersion version,
      Duration connectTimeout,
      Duration readTimeout,
      boolean wantCertificates,
      Starttls starttls) {
    String where = address.getHostString() + ":" + address.getPort();
    try (Socket s = new Socket()) {
      try {
        s.connect(address, (int) connectTimeout.toMillis());
      } catch (SocketTimeoutException e) {
        return Answer.of(
            Outcome.ERROR, where + ": connect timed out after " + seconds(connectTimeout), false);
      } catch (IOException e) {
        return Answer.of(Outcome.ERROR, where + ": connect failed: " + message(e), false);
      }
      s.setSoTimeout((int) readTimeout.toMillis());
      s.setTcpNoDelay(true);
      Deadline deadline = Deadline.after(readTimeout.plus(readTimeout), s);
      try {
        try {
          starttls.negotiate(s);
        } catch (SocketTimeoutException e) {
          throw e;
        } catch (IOException e) {
          if (s.isClosed()) {
            throw e;
          }
          return Answer.of(Outcome.ERROR, where + ": " + message(e), true);
        }
        OutputStream out = s.getOutputStream();
        out.write(clientHello(version, sni));
        out.flush();
        return read(s.getInputStream(), version, wantCertificates, where);
      } catch (SocketTimeoutException e) {
        return Answer.of(
            Outcome.ERROR,
            where + ": no answer, read timed out after " + seconds(readTimeout),
            true);
      } catch (EOFException e) {
        return Answer.of(Outcome.REJECTED, "connection closed by the server", true);
      } catch (IOException e) {
        if (s.isClosed()) {
          return Answer.of(
              Outcome.ERROR, where + ": handshake timed out after " + seconds(readTimeout), true);
        }
        return Answer.of(Outcome.REJECTED, "connection failed: " + message(e), true);
      } finally {
        deadline.close();
      }
    } catch (IOException e) {
      return Answer.of(Outcome.ERROR, where + ": " + message(e), false);
    }
  }

  private static Answer read(
      InputStream raw, ProtocolVersion version, boolean wantCertificates, String where)
      throws IOException {
    DataInputStream in = new DataInputStream(raw);
    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    boolean sawServerHello = false;
    Optional<String> cipher = Optional.empty();
    boolean status = false;
    int negotiated = -1;
    while (true) {
      int type = in.read();
      if (type < 0) {
        if (sawServerHello) {
          return new Answer(Outcome.ACCEPTED, "", cipher, List.of(), status, true);
        }
        return Answer.of(Outcome.REJECTED, "connection closed by the server", true);
      }
      byte[] rest = new byte[4];
      in.readFully(rest, 0, 1);
      int major = rest[0] & 0xff;
      if (type != 21 && type != 22 || major != 3) {
        byte[] more = new byte[60];
        int n = Math.max(0, in.read(more));
        byte[] all = new byte[2 + n];
        all[0] = (byte) type;
        all[1] = rest[0];
        System.arraycopy(more, 0, all, 2, n);
        return Answer.of(
            Outcome.ERROR, where + ": not TLS: server sent '" + printable(all) + "'", true);
      }
      in.readFully(rest, 1, 3);
      int len = (rest[2] & 0xff) << 8 | rest[3] & 0xff;
      if (len > MAX_RECORD) {
        return Answer.of(Outcome.ERROR, where + ": not TLS: record of " + len + " bytes", true);
      }
      byte[] body = new byte[len];
      in.readFully(body);
      if (type == 21) {
        String alert = body.length >= 2 ? alertName(body[1] & 0xff) : "alert";
        if (sawServerHello) {
          return new Answer(Outcome.ACCEPTED, "", cipher, List.of(), status, true);
        }
        return Answer.of(Outcome.REJECTED, "alert " + alert, true);
      }
      handshake.write(body);
      if (handshake.size() > MAX_HANDSHAKE_BYTES) {
        return Answer.of(
            Outcome.ERROR, where + ": handshake larger than " + MAX_HANDSHAKE_BYTES, true);
      }
      ByteBuffer hb = ByteBuffer.wrap(handshake.toByteArray());
      while (hb.remaining() >= 4) {
        int start = hb.position();
        int msgType = hb.get() & 0xff;
        int msgLen = (hb.get() & 0xff) << 16 | (hb.get() & 0xff) << 8 | hb.get() & 0xff;
        if (hb.remaining() < msgLen) {
          hb.position(start);
          break;
        }
        byte[] msg = new byte[msgLen];
        hb.get(msg);
        if (msgType == 2 && !sawServerHello) {
          ServerHello sh = ServerHello.parse(msg);
          sawServerHello = true;
          negotiated = sh.version();
          cipher = Optional.of(suiteName(sh.cipher()));
          status = sh.statusRequest();
          if (negotiated != version.code()) {
            return Answer.of(
                Outcome.REJECTED,
                "server chose " + ProtocolVersion.displayOf(negotiated) + " instead",
                true);
          }
          if (!wantCertificates || version == ProtocolVersion.TLS1_3) {
            return new Answer(Outcome.ACCEPTED, "", cipher, List.of(), status, true);
          }
        } else if (msgType == 11 && sawServerHello) {
          return new Answer(Outcome.ACCEPTED, "", cipher, certificates(msg), status, true);
        } else if (msgType == 14 && sawServerHello) {
          return new Answer(Outcome.ACCEPTED, "", cipher, List.of(), status, true);
        }
      }
      ByteArrayOutputStream left = new ByteArrayOutputStream();
      left.write(hb.array(), hb.position(), hb.remaining());
      handshake = left;
    }
  }

  private static List<byte[]> certificates(byte[] msg) {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(msg);
    if (b.remaining() < 3) {
      return out;
    }
    int total = (b.get() & 0xff) << 16 | (b.get() & 0xff) << 8 | b.get() & 0xff;
    int end = Math.min(b.limit(), 3 + total);
    while (b.position() + 3 <= end) {
      int len = (b.get() & 0xff) << 16 | (b.get() & 0xff) << 8 | b.get() & 0xff;
      if (b.position() + len > end) {
        break;
      }
      byte[] der = new byte[len];
      b.get(der);
      out.add(der);
    }
    return out;
  }

  /** The parts of a ServerHello a scanner needs. */
  record ServerHello(int version, int cipher, boolean statusRequest) {
    static ServerHello parse(byte[] msg) throws IOException {
      try {
        ByteBuffer b = ByteBuffer.wrap(msg);
        int version = b.getShort() & 0xffff;
        b.position(b.position() + 32);
        int sidLen = b.get() & 0xff;
        b.position(b.position() + sidLen);
        int cipher = b.getShort() & 0xffff;
        b.get(); // compression
        boolean status = false;
        if (b.remaining() >= 2) {
          int extLen = b.getShort() & 0xffff;
          int end = Math.min(b.limit(), b.position() + extLen);
          while (b.position() + 4 <= end) {
            int type = b.getShort() & 0xffff;
            int len = b.getShort() & 0xffff;
            if (type == 43 && len == 2) {
              version = b.getShort() & 0xffff;
              continue;
            }
            if (type == 5) {
              status = true;
            }
            b.position(b.position() + len);
          }
        }
        return new ServerHello(version, cipher, status);
      } catch (RuntimeException e) {
        throw new IOException("malformed ServerHello", e);
      }
    }
  }

  static byte[] clientHello(ProtocolVersion version, Optional<String> sni) {
    boolean tls13 = version == ProtocolVersion.TLS1_3;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int legacy = tls13 ? 0x0303 : version.code();
    u16(body, legacy);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    body.writeBytes(random);
    byte[] sessionId = new byte[tls13 ? 32 : 0];
    RANDOM.nextBytes(sessionId);
    body.write(sessionId.length);
    body.writeBytes(sessionId);
    Map<Integer, String> suites = tls13 ? TLS13_SUITES : LEGACY_SUITES;
    u16(body, suites.size() * 2);
    for (int s : suites.keySet()) {
      u16(body, s);
    }
    body.write(1);
    body.write(0);
    if (version != ProtocolVersion.SSL3) {
      ByteArrayOutputStream ext = new ByteArrayOutputStream();
      if (sni.isPresent()) {
        byte[] name = sni.get().getBytes(StandardCharsets.US_ASCII);
        u16(ext, 0);
        u16(ext, name.length + 5);
        u16(ext, name.length + 3);
        ext.write(0);
        u16(ext, name.length);
        ext.writeBytes(name);
      }
      // supported_groups: x25519, secp256r1, secp384r1, secp521r1, ffdhe2048
      extension(ext, 10, new int[] {10, 0x001d, 0x0017, 0x0018, 0x0019, 0x0100}, 2);
      // ec_point_formats: uncompressed
      u16(ext, 11);
      u16(ext, 2);
      ext.write(1);
      ext.write(0);
      // signature_algorithms
      int[] sigs = {
        0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808, 0x0401, 0x0501, 0x0601,
        0x0203, 0x0201
      };
      int[] withLen = new int[sigs.length + 1];
      withLen[0] = sigs.length * 2;
      System.arraycopy(sigs, 0, withLen, 1, sigs.length);
      extension(ext, 13, withLen, 2);
      // status_request: OCSP, no responder ids, no extensions
      u16(ext, 5);
      u16(ext, 5);
      ext.write(1);
      u16(ext, 0);
      u16(ext, 0);
      if (tls13) {
        // supported_versions: TLS 1.3 only
        u16(ext, 43);
        u16(ext, 3);
        ext.write(2);
        u16(ext, 0x0304);
        // key_share: one x25519 share; any 32 bytes are a valid x25519 public value
        byte[] share = new byte[32];
        RANDOM.nextBytes(share);
        u16(ext, 51);
        u16(ext, 2 + 4 + 32);
        u16(ext, 4 + 32);
        u16(ext, 0x001d);
        u16(ext, 32);
        ext.writeBytes(share);
        // psk_key_exchange_modes: psk_dhe_ke (some servers want it present)
        u16(ext, 45);
        u16(ext, 2);
        ext.write(1);
        ext.write(1);
      }
      u16(body, ext.size());
      body.writeBytes(ext.toByteArray());
    }
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream rec = new ByteArrayOutputStream();
    rec.write(22);
    u16(rec, version == ProtocolVersion.SSL3 ? 0x0300 : 0x0301);
    u16(rec, hello.length + 4);
    rec.write(1);
    rec.write(hello.length >>> 16);
    u16(rec, hello.length & 0xffff);
    rec.writeBytes(hello);
    return rec.toByteArray();
  }

  private static void extension(ByteArrayOutputStream ext, int type, int[] values, int width) {
    u16(ext, type);
    u16(ext, values.length * width);
    for (int v : values) {
      u16(ext, v);
    }
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8 & 0xff);
    out.write(v & 0xff);
  }

  static String suiteName(int code) {
    String n = LEGACY_SUITES.get(code);
    if (n == null) {
      n = TLS13_SUITES.get(code);
    }
    return n != null ? n : String.format("0x%04X", code);
  }

  static String alertName(int code) {
    return switch (code) {
      case 0 -> "close_notify";
      case 10 -> "unexpected_message";
      case 40 -> "handshake_failure";
      case 47 -> "illegal_parameter";
      case 50 -> "decode_error";
      case 70 -> "protocol_version";
      case 71 -> "insufficient_security";
      case 80 -> "internal_error";
      case 86 -> "inappropriate_fallback";
      case 109 -> "missing_extension";
      case 112 -> "unrecognized_name";
      default -> "alert " + code;
    };
  }

  /** Up to 60 characters of what a non-TLS server said, control characters escaped. */
  public static String printable(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bytes.length && sb.length() < 60; i++) {
      int c = bytes[i] & 0xff;
      if (c == '\r' || c == '\n') {
        break;
      }
      sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
    }
    return sb.toString();
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
