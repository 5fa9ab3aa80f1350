package dev.vigil.collectors.tls;

import dev.vigil.collectors.certificates.TestPki.Issued;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real JSSE server on 127.0.0.1 presenting a given chain; or, with {@link #hanging} and {@link
 * #banner}, a plain TCP server that never answers or speaks another protocol.
 */
final class TestTlsServer implements AutoCloseable {
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();

  private TestTlsServer(ServerSocket server, byte[] banner, boolean tls) {
    this(server, banner, tls, null);
  }

  private TestTlsServer(ServerSocket server, byte[] banner, boolean tls, SSLContext smtp) {
    this.server = server;
    this.acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  clients.add(s);
                  Thread h =
                      new Thread(
                          () -> {
                            if (smtp != null) {
                              serveSmtp(s, smtp);
                            } else {
                              serve(s, banner, tls);
                            }
                          },
                          "test-tls-client");
                  h.setDaemon(true);
                  h.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "test-tls-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static TestTlsServer tls(Issued leaf, List<X509Certificate> chain, String... protocols)
      throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManagers(leaf, chain, "pw"), null, null);
    SSLServerSocket s =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    if (protocols.length > 0) {
      s.setEnabledProtocols(protocols);
    }
    return new TestTlsServer(s, null, true);
  }

  /** An SMTP server that upgrades to TLS after STARTTLS (RFC 3207). */
  static TestTlsServer smtp(Issued leaf, List<X509Certificate> chain) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManagers(leaf, chain, "pw"), null, null);
    ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    TestTlsServer server = new TestTlsServer(plain, null, false, ctx);
    return server;
  }

  static TestTlsServer hanging() throws IOException {
    return new TestTlsServer(
        new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), null, false);
  }

  static TestTlsServer banner(String text) throws IOException {
    return new TestTlsServer(
        new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")),
        text.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        false);
  }

  static javax.net.ssl.KeyManager[] keyManagers(Issued leaf, List<X509Certificate> chain, String pw)
      throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    List<X509Certificate> all = new ArrayList<>();
    all.add(leaf.cert());
    all.addAll(chain);
    ks.setKeyEntry(
        "server", leaf.keys().getPrivate(), pw.toCharArray(), all.toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, pw.toCharArray());
    return kmf.getKeyManagers();
  }

  private static void serve(Socket s, byte[] banner, boolean tls) {
    try (s) {
      if (banner != null) {
        s.getOutputStream().write(banner);
        s.getOutputStream().flush();
      }
      if (tls) {
        ((SSLSocket) s).startHandshake();
      }
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1024];
      while (in.read(buf) >= 0) {
        // hold the connection until the client goes
      }
    } catch (IOException e) {
      // the client went away or the handshake failed: both are normal here
    }
  }

  private static void serveSmtp(Socket s, SSLContext ctx) {
    try (s) {
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII),
              1);
      java.io.OutputStream out = s.getOutputStream();
      out.write(
          "220 test.invalid ESMTP ready\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String ehlo = in.readLine();
      if (ehlo == null || !ehlo.startsWith("EHLO")) {
        return;
      }
      out.write(
          "250-test.invalid\r\n250-SIZE 1000000\r\n250 STARTTLS\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String starttls = in.readLine();
      if (!"STARTTLS".equals(starttls)) {
        return;
      }
      out.write("220 go ahead\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, null, false);
      tls.setUseClientMode(false);
      tls.startHandshake();
      InputStream tin = tls.getInputStream();
      while (tin.read() >= 0) {
        // hold until the client goes
      }
    } catch (IOException e) {
      // client gone or handshake refused
    }
  }

  int port() {
    return server.getLocalPort();
  }

  String target() {
    return "tls://127.0.0.1:" + port();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : clients) {
      s.close();
    }
  }
}
