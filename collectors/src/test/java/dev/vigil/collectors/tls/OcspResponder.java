package dev.vigil.collectors.tls;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.collectors.certificates.TestPki.Issued;
import dev.vigil.collectors.certificates.internal.Bc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** An OCSP responder on 127.0.0.1 answering "good" for every certificate, signed by the CA. */
final class OcspResponder implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  OcspResponder(Issued ca) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] answer;
          try (InputStream in = exchange.getRequestBody()) {
            // the JDK sends small requests as GET /<url-encoded base64> (RFC 6960 A.1)
            byte[] der =
                exchange.getRequestMethod().equals("GET")
                    ? java.util.Base64.getDecoder()
                        .decode(
                            java.net.URLDecoder.decode(
                                exchange.getRequestURI().getRawPath().substring(1),
                                java.nio.charset.StandardCharsets.US_ASCII))
                    : in.readAllBytes();
            OCSPReq req = new OCSPReq(der);
            X509CertificateHolder caHolder = new X509CertificateHolder(ca.cert().getEncoded());
            BasicOCSPRespBuilder b =
                new BasicOCSPRespBuilder(
                    new RespID(
                        caHolder.getSubjectPublicKeyInfo(),
                        new JcaDigestCalculatorProviderBuilder().build().get(RespID.HASH_SHA1)));
            Instant now = Instant.now();
            for (Req r : req.getRequestList()) {
              b.addResponse(
                  r.getCertID(),
                  CertificateStatus.GOOD,
                  Date.from(now.minus(1, ChronoUnit.HOURS)),
                  Date.from(now.plus(1, ChronoUnit.DAYS)));
            }
            answer =
                new OCSPRespBuilder()
                    .build(
                        OCSPRespBuilder.SUCCESSFUL,
                        b.build(
                            new JcaContentSignerBuilder("SHA256withRSA")
                                .setProvider(Bc.PROVIDER)
                                .build(ca.keys().getPrivate()),
                            new X509CertificateHolder[] {caHolder},
                            Date.from(now)))
                    .getEncoded();
          } catch (Exception e) {
            System.err.println("test OCSP responder: " + e);
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
