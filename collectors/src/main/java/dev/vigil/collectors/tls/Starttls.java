package dev.vigil.collectors.tls;

import dev.vigil.collectors.tls.internal.RawHello;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Plain-text dialogues that precede TLS on a connection. Reads byte by byte so that nothing of the
 * TLS stream that follows is consumed.
 */
public enum Starttls {
  /** TLS from the first byte. */
  NONE,
  /** SMTP (RFC 3207): greeting, EHLO, STARTTLS. */
  SMTP;

  private static final int MAX_LINE = 1024;
  private static final int MAX_LINES = 100;

  /** Parses {@code smtp} or {@code none} (case-insensitive). */
  public static Starttls parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "smtp" -> SMTP;
      case "none", "" -> NONE;
      default -> throw new IllegalArgumentException("starttls must be smtp or none: " + text);
    };
  }

  /** Runs the dialogue on a connected socket; afterwards the next bytes are TLS. */
  public void negotiate(Socket socket) throws IOException {
    if (this == NONE) {
      return;
    }
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    expect(in, "220", "SMTP greeting");
    out.write("EHLO vigil.invalid\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String ehlo = expect(in, "250", "EHLO");
    if (!ehlo.toUpperCase(Locale.ROOT).contains("STARTTLS")) {
      throw new IOException("SMTP server does not offer STARTTLS");
    }
    out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    expect(in, "220", "STARTTLS");
  }

  /** Reads one (multi-line) SMTP reply and checks its code; returns all its lines. */
  private static String expect(InputStream in, String code, String what) throws IOException {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < MAX_LINES; i++) {
      String line = line(in);
      all.append(line).append('\n');
      if (!line.startsWith(code)) {
        throw new IOException(
            "SMTP "
                + what
                + ": expected "
                + code
                + ", got '"
                + RawHello.printable(line.getBytes(StandardCharsets.US_ASCII))
                + "'");
      }
      if (line.length() < 4 || line.charAt(3) != '-') {
        return all.toString();
      }
    }
    throw new IOException("SMTP " + what + ": reply longer than " + MAX_LINES + " lines");
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (b.size() < MAX_LINE) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("SMTP server closed the connection");
      }
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }
}
