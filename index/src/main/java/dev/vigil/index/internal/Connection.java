package dev.vigil.index.internal;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.index.Credentials;
import dev.vigil.index.IndexConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * A connection to one cluster: the low-level REST client (for templates and queries written as
 * JSON) and the typed client on top of it (for the bulk ingester and multi-get). The secret is read
 * once, here, and only goes into the Authorization header.
 */
public final class Connection implements AutoCloseable {
  private final RestClient rest;
  private final ElasticsearchClient client;
  private final ObjectMapper mapper;

  private Connection(RestClient rest, ElasticsearchClient client, ObjectMapper mapper) {
    this.rest = rest;
    this.client = client;
    this.mapper = mapper;
  }

  /**
   * Builds the clients; does not contact the cluster. Throws {@link IllegalStateException} when a
   * secret or CA file cannot be read (a configuration error, named without its content).
   */
  public static Connection open(IndexConfig config, ObjectMapper mapper) {
    HttpHost[] hosts = new HttpHost[config.urls().size()];
    for (int i = 0; i < hosts.length; i++) {
      URI u = config.urls().get(i);
      int port = u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 9200);
      hosts[i] = new HttpHost(u.getHost(), port, u.getScheme());
    }
    RestClientBuilder b = RestClient.builder(hosts);
    Optional<Header> auth = config.credentials().map(Connection::authorization);
    auth.ifPresent(h -> b.setDefaultHeaders(new Header[] {h}));
    b.setRequestConfigCallback(
        rc ->
            rc.setConnectTimeout((int) config.connectTimeout().toMillis())
                .setSocketTimeout((int) config.socketTimeout().toMillis()));
    Optional<SSLContext> ssl = sslContext(config);
    if (ssl.isPresent()) {
      b.setHttpClientConfigCallback(hc -> hc.setSSLContext(ssl.get()));
    }
    RestClient rest = b.build();
    RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper(mapper));
    return new Connection(rest, new ElasticsearchClient(transport), mapper);
  }

  private static Header authorization(Credentials c) {
    if (c instanceof Credentials.ApiKey) {
      return new BasicHeader("Authorization", "ApiKey " + ((Credentials.ApiKey) c).key().read());
    }
    Credentials.Basic basic = (Credentials.Basic) c;
    String pair = basic.user() + ":" + basic.password().read();
    return new BasicHeader(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  private static Optional<SSLContext> sslContext(IndexConfig config) {
    if (config.caFile().isPresent()) {
      try {
        return Optional.of(TransportUtils.sslContextFromHttpCaCrt(config.caFile().get().toFile()));
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot read CA certificate " + config.caFile().get() + ": " + e.getMessage(), e);
      }
    }
    if (config.caFingerprint().isPresent()) {
      String fp = config.caFingerprint().get().replace(":", "").trim();
      return Optional.of(TransportUtils.sslContextFromCaFingerprint(fp));
    }
    return Optional.empty();
  }

  public ElasticsearchClient client() {
    return client;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** A JSON request; 4xx and 5xx answers throw {@link ResponseException} with the status. */
  public JsonNode json(String method, String path, String body) throws IOException {
    Request r = new Request(method, path);
    if (body != null) {
      r.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    }
    Response resp = rest.performRequest(r);
    if (resp.getEntity() == null) {
      return mapper.createObjectNode();
    }
    try (InputStream in = resp.getEntity().getContent()) {
      return mapper.readTree(in);
    }
  }

  /** Like {@link #json} but returns empty on 404. */
  public Optional<JsonNode> jsonOrAbsent(String method, String path, String body)
      throws IOException {
    try {
      return Optional.of(json(method, path, body));
    } catch (ResponseException e) {
      if (e.getResponse().getStatusLine().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      client._transport().close();
    } catch (IOException e) {
      // Closing an HTTP client that could not reach anyone; nothing to recover.
    }
  }
}
