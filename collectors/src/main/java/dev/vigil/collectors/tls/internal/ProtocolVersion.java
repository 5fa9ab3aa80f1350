package dev.vigil.collectors.tls.internal;

import java.util.List;

/** The protocol versions probed one by one, with their fact key and wire code. */
public enum ProtocolVersion {
  SSL3("ssl3", "SSLv3", 0x0300),
  TLS1_0("tls1_0", "TLSv1.0", 0x0301),
  TLS1_1("tls1_1", "TLSv1.1", 0x0302),
  TLS1_2("tls1_2", "TLSv1.2", 0x0303),
  TLS1_3("tls1_3", "TLSv1.3", 0x0304);

  private final String key;
  private final String display;
  private final int code;

  ProtocolVersion(String key, String display, int code) {
    this.key = key;
    this.display = display;
    this.code = code;
  }

  public String key() {
    return key;
  }

  public String display() {
    return display;
  }

  public int code() {
    return code;
  }

  /** The order of probing: the commonly accepted version first, so a dead endpoint fails fast. */
  public static List<ProtocolVersion> probeOrder() {
    return List.of(TLS1_2, TLS1_3, TLS1_1, TLS1_0, SSL3);
  }

  public static String displayOf(int code) {
    for (ProtocolVersion v : values()) {
      if (v.code == code) {
        return v.display;
      }
    }
    return String.format("0x%04x", code);
  }
}
