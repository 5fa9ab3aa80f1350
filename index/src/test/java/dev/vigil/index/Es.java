package dev.vigil.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to the test node, independent of the code under test, for assertions. */
final class Es {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI base;

  Es(URI base) {
    this.base = base;
  }

  JsonNode get(String path) throws IOException {
    return send("GET", path, null);
  }

  JsonNode send(String method, String path, String body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode n = MAPPER.readTree(r.body().isEmpty() ? "{}" : r.body());
      ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_http_status", r.statusCode());
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  long count(String index, String query) throws IOException {
    send("POST", "/" + index + "/_refresh", null);
    JsonNode r =
        send("POST", "/" + index + "/_count", query == null ? null : "{\"query\":" + query + "}");
    return r.path("count").asLong(-1);
  }

  JsonNode search(String index, String body) throws IOException {
    send("POST", "/" + index + "/_refresh", null);
    return send("POST", "/" + index + "/_search", body);
  }

  JsonNode doc(String index, String id) throws IOException {
    return get("/" + index + "/_doc/" + id).path("_source");
  }
}
