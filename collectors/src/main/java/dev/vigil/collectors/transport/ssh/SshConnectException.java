package dev.vigil.collectors.transport.ssh;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A target could not be connected to or logged in to. The message is one line for the report,
 * naming the host and the reason ({@code HOST KEY CHANGED for [10.0.0.5]:22 ...}).
 */
public class SshConnectException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the connection failed. */
  public enum Kind {
    /** Refused, no route, unknown host name. */
    UNREACHABLE,
    /** Connect, key exchange or authentication took longer than the connect timeout. */
    TIMEOUT,
    /** The host key is not in the known_hosts file (and accept-new is off). */
    HOST_KEY_UNKNOWN,
    /** The host key differs from the one recorded in the known_hosts file. */
    HOST_KEY_CHANGED,
    /** The server refused every configured credential. */
    AUTH_FAILED,
    /** A credential file could not be read, or the configuration cannot work. */
    CONFIG,
    /** The SSH conversation failed otherwise. */
    PROTOCOL
  }

  private final Kind kind;

  public SshConnectException(Kind kind, String message) {
    super(message);
    this.kind = requireNonNull(kind, "kind");
  }

  public SshConnectException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
