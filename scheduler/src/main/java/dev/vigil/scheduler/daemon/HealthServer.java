package dev.vigil.scheduler.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** {@code /healthz} and {@code /metrics} on a loopback address. */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * @param health empty when healthy, else why not
   */
  HealthServer(InetSocketAddress address, Supplier<String> health, Metrics metrics)
      throws IOException {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("health endpoint must listen on loopback: " + address);
    }
    server = HttpServer.create(address, 16);
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/healthz",
        ex -> {
          String why = health.get();
          if (why.isEmpty()) {
            respond(ex, 200, "text/plain; charset=utf-8", "ok\n");
          } else {
            respond(ex, 503, "text/plain; charset=utf-8", why + "\n");
          }
        });
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheus()));
    server.start();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private static void respond(HttpExchange ex, int code, String type, String body)
      throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(code, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
