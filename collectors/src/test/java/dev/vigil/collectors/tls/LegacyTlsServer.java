package dev.vigil.collectors.tls;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A JSSE server in its own JVM, for settings that are JVM-wide: TLS 1.0 and 1.1 only, with {@code
 * jdk.tls.disabledAlgorithms} loosened by a {@code java.security.properties} file, or OCSP stapling
 * ({@code -Djdk.tls.server.enableStatusRequestExtension=true}). The test JVM's policy stays the
 * default. Prints its port, serves until stdin closes.
 *
 * <p>Arguments: PKCS#12 keystore path, its password, optionally the protocols (default {@code
 * TLSv1,TLSv1.1}).
 */
public final class LegacyTlsServer {
  private LegacyTlsServer() {}

  public static void main(String[] args) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[0])) {
      ks.load(in, args[1].toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, args[1].toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket server =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    server.setEnabledProtocols((args.length > 2 ? args[2] : "TLSv1,TLSv1.1").split(","));
    System.out.println(server.getLocalPort());
    System.out.flush();
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // wait for the parent to close stdin
                }
              } catch (java.io.IOException e) {
                // parent gone
              }
              System.exit(0);
            });
    watcher.setDaemon(true);
    watcher.start();
    while (true) {
      SSLSocket s = (SSLSocket) server.accept();
      Thread t =
          new Thread(
              () -> {
                try (s) {
                  s.startHandshake();
                  InputStream in = s.getInputStream();
                  while (in.read() >= 0) {
                    // hold until the client goes
                  }
                } catch (java.io.IOException e) {
                  // refused version or client gone
                }
              });
      t.setDaemon(true);
      t.start();
    }
  }
}
