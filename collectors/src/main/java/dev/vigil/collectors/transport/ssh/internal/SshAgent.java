package dev.vigil.collectors.transport.ssh.internal;

import dev.vigil.collectors.transport.ssh.SshConnectException;
import dev.vigil.collectors.transport.ssh.SshConnectException.Kind;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;
import net.schmizz.sshj.userauth.method.AuthMethod;

/**
 * Public-key authentication with the keys of an ssh-agent (the agent protocol over its Unix socket:
 * list identities, sign). The private keys never leave the agent.
 */
public final class SshAgent {
  private static final byte REQUEST_IDENTITIES = 11;
  private static final byte IDENTITIES_ANSWER = 12;
  private static final byte SIGN_REQUEST = 13;
  private static final byte SIGN_RESPONSE = 14;
  private static final int RSA_SHA2_256 = 2;

  private SshAgent() {}

  /** One auth method per agent identity, tried in the agent's order. */
  public static List<AuthMethod> authMethods(String where, Optional<Path> socket)
      throws SshConnectException {
    Path sock = socket.orElseGet(() -> envSocket().orElse(null));
    if (sock == null) {
      throw new SshConnectException(
          Kind.CONFIG, where + ": agent authentication requested but SSH_AUTH_SOCK is not set");
    }
    List<byte[]> blobs;
    try {
      blobs = identities(sock);
    } catch (IOException e) {
      throw new SshConnectException(
          Kind.CONFIG, where + ": cannot use the ssh-agent at " + sock + ": " + e.getMessage(), e);
    }
    List<AuthMethod> methods = new ArrayList<>();
    for (byte[] blob : blobs) {
      methods.add(new AgentKey(sock, blob));
    }
    return methods;
  }

  private static Optional<Path> envSocket() {
    String env = System.getenv("SSH_AUTH_SOCK");
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
  }

  static List<byte[]> identities(Path sock) throws IOException {
    Buffer.PlainBuffer reply = call(sock, new byte[] {REQUEST_IDENTITIES});
    if (reply.readByte() != IDENTITIES_ANSWER) {
      throw new IOException("the agent refused to list its keys");
    }
    try {
      long n = reply.readUInt32();
      List<byte[]> blobs = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        blobs.add(reply.readBytes());
        reply.readString(); // comment
      }
      return blobs;
    } catch (Buffer.BufferException e) {
      throw new IOException("malformed agent answer", e);
    }
  }

  static byte[] sign(Path sock, byte[] blob, byte[] data, int flags) throws IOException {
    Buffer.PlainBuffer req = new Buffer.PlainBuffer();
    req.putByte(SIGN_REQUEST).putBytes(blob).putBytes(data).putUInt32(flags);
    Buffer.PlainBuffer reply = call(sock, req.getCompactData());
    if (reply.readByte() != SIGN_RESPONSE) {
      throw new IOException("the agent refused to sign");
    }
    try {
      return reply.readBytes();
    } catch (Buffer.BufferException e) {
      throw new IOException("malformed agent signature", e);
    }
  }

  private static Buffer.PlainBuffer call(Path sock, byte[] message) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(sock));
      ByteBuffer out = ByteBuffer.allocate(4 + message.length);
      out.putInt(message.length).put(message).flip();
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ByteBuffer len = readFully(ch, 4);
      int n = len.getInt();
      if (n <= 0 || n > 256 * 1024) {
        throw new IOException("bad agent message length " + n);
      }
      ByteBuffer body = readFully(ch, n);
      return new Buffer.PlainBuffer(body.array());
    }
  }

  private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new IOException("the agent closed the connection");
      }
    }
    b.flip();
    return b;
  }

  /** A signed public-key request (RFC 4252 section 7) whose signature the agent makes. */
  private static final class AgentKey extends AbstractAuthMethod {
    private final Path sock;
    private final byte[] blob;

    AgentKey(Path sock, byte[] blob) {
      super("publickey");
      this.sock = sock;
      this.blob = blob.clone();
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
      try {
        String keyType = new Buffer.PlainBuffer(blob).readString();
        String algorithm = keyType.equals("ssh-rsa") ? "rsa-sha2-256" : keyType;
        int flags = keyType.equals("ssh-rsa") ? RSA_SHA2_256 : 0;
        SSHPacket req = super.buildReq();
        req.putBoolean(true).putString(algorithm).putBytes(blob);
        byte[] data =
            new Buffer.PlainBuffer()
                .putBytes(params.getTransport().getSessionID())
                .putRawBytes(req.array(), req.rpos(), req.available())
                .getCompactData();
        byte[] sig = sign(sock, blob, data, flags);
        req.putBytes(sig);
        return req;
      } catch (IOException e) {
        throw new UserAuthException("ssh-agent signature failed: " + e.getMessage(), e);
      }
    }
  }
}
