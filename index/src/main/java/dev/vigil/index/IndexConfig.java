package dev.vigil.index;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How to reach Elasticsearch and how to write to it. Holds references to secrets, never secrets, so
 * it can be printed and logged.
 *
 * @param urls one or more nodes of the same cluster ({@code https://es1:9200}); requests are spread
 *     over them and fail over between them
 * @param caFile a PEM CA certificate that signed the cluster's HTTP certificate
 * @param caFingerprint the SHA-256 fingerprint of that CA certificate (hex, colons allowed), as
 *     Elasticsearch prints it on first start; used when no CA file is given
 * @param retention how long the findings and alerts data streams keep documents ({@code
 *     lifecycle.data_retention}); vigil's own SI-12/AU-11 setting
 * @param prefix the prefix of every index, data stream and template name ({@code vigil})
 * @param bulkMaxOperations operations per bulk request
 * @param bulkMaxBytes bytes per bulk request; with {@code maxConcurrentRequests} this bounds the
 *     bytes in flight
 * @param maxRetries how many times a request or item that failed with 429, 5xx or a connection
 *     error is retried before its documents stay in the spool for the next run
 * @param retryBackoff the first retry delay; each further retry doubles it
 */
public record IndexConfig(
    List<URI> urls,
    Optional<Credentials> credentials,
    Optional<Path> caFile,
    Optional<String> caFingerprint,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration retention,
    String prefix,
    int bulkMaxOperations,
    long bulkMaxBytes,
    int maxConcurrentRequests,
    int maxRetries,
    Duration retryBackoff) {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

  public IndexConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one Elasticsearch URL is needed");
    }
    for (URI u : urls) {
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("Elasticsearch URL must be http:// or https://: " + u);
      }
      if (u.getHost() == null) {
        throw new IllegalArgumentException("Elasticsearch URL has no host: " + u);
      }
      if (u.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "Elasticsearch URL must not carry credentials; use an API key or password file");
      }
    }
    credentials = credentials == null ? Optional.empty() : credentials;
    caFile = caFile == null ? Optional.empty() : caFile;
    caFingerprint = caFingerprint == null ? Optional.empty() : caFingerprint;
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(socketTimeout, "socketTimeout");
    requireNonNull(retention, "retention");
    requireNonNull(prefix, "prefix");
    requireNonNull(retryBackoff, "retryBackoff");
    if (!prefix.matches("[a-z][a-z0-9_-]{0,40}")) {
      throw new IllegalArgumentException(
          "index prefix must be lower-case letters, digits, '-' or '_': " + prefix);
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    if (bulkMaxOperations < 1) {
      throw new IllegalArgumentException(
          "bulkMaxOperations must be positive: " + bulkMaxOperations);
    }
    if (bulkMaxBytes < 1024) {
      throw new IllegalArgumentException("bulkMaxBytes must be at least 1024: " + bulkMaxBytes);
    }
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentRequests must be positive: " + maxConcurrentRequests);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
    }
  }

  /** Defaults for everything but the URLs: no credentials, 400 days retention, prefix vigil. */
  public static IndexConfig of(URI... urls) {
    return new IndexConfig(
        List.of(urls),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        DEFAULT_RETENTION,
        "vigil",
        1000,
        5L * 1024 * 1024,
        2,
        3,
        Duration.ofMillis(500));
  }

  public IndexConfig withCredentials(Credentials c) {
    return new IndexConfig(
        urls,
        Optional.of(c),
        caFile,
        caFingerprint,
        connectTimeout,
        socketTimeout,
        retention,
        prefix,
        bulkMaxOperations,
        bulkMaxBytes,
        maxConcurrentRequests,
        maxRetries,
        retryBackoff);
  }

  public IndexConfig withCaFile(Path file) {
    return new IndexConfig(
        urls,
        credentials,
        Optional.of(file),
        caFingerprint,
        connectTimeout,
        socketTimeout,
        retention,
        prefix,
        bulkMaxOperations,
        bulkMaxBytes,
        maxConcurrentRequests,
        maxRetries,
        retryBackoff);
  }

  public IndexConfig withCaFingerprint(String fingerprint) {
    return new IndexConfig(
        urls,
        credentials,
        caFile,
        Optional.of(fingerprint),
        connectTimeout,
        socketTimeout,
        retention,
        prefix,
        bulkMaxOperations,
        bulkMaxBytes,
        maxConcurrentRequests,
        maxRetries,
        retryBackoff);
  }

  public IndexConfig withTimeouts(Duration connect, Duration socket) {
    return new IndexConfig(
        urls,
        credentials,
        caFile,
        caFingerprint,
        connect,
        socket,
        retention,
        prefix,
        bulkMaxOperations,
        bulkMaxBytes,
        maxConcurrentRequests,
        maxRetries,
        retryBackoff);
  }

  public IndexConfig withRetention(Duration value) {
    return new IndexConfig(
        urls,
        credentials,
        caFile,
        caFingerprint,
        connectTimeout,
        socketTimeout,
        value,
        prefix,
        bulkMaxOperations,
        bulkMaxBytes,
        maxConcurrentRequests,
        maxRetries,
        retryBackoff);
  }

  public IndexConfig withPrefix(String value) {
    return new IndexConfig(
        urls,
        credentials,
        caFile,
        caFingerprint,
        connectTimeout,
        socketTimeout,
        retention,
        value,
        bulkMaxOperations,
        bulkMaxBytes,
        maxConcurrentRequests,
        maxRetries,
        retryBackoff);
  }

  public IndexConfig withBulk(int maxOperations, long maxBytes, int concurrentRequests) {
    return new IndexConfig(
        urls,
        credentials,
        caFile,
        caFingerprint,
        connectTimeout,
        socketTimeout,
        retention,
        prefix,
        maxOperations,
        maxBytes,
        concurrentRequests,
        maxRetries,
        retryBackoff);
  }

  public IndexConfig withRetries(int retries, Duration backoff) {
    return new IndexConfig(
        urls,
        credentials,
        caFile,
        caFingerprint,
        connectTimeout,
        socketTimeout,
        retention,
        prefix,
        bulkMaxOperations,
        bulkMaxBytes,
        maxConcurrentRequests,
        retries,
        backoff);
  }

  /** Parses a duration written {@code 400d}, {@code 12h}, {@code 30m}, {@code 2w} or ISO-8601. */
  public static Duration parseDuration(String text) {
    requireNonNull(text, "duration");
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.matches("\\d{1,9}[smhdw]")) {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      switch (t.charAt(t.length() - 1)) {
        case 's':
          return Duration.ofSeconds(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 'h':
          return Duration.ofHours(n);
        case 'd':
          return Duration.ofDays(n);
        default:
          return Duration.ofDays(7 * n);
      }
    }
    try {
      return Duration.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "duration must be like 30d, 12h, 45m, 2w or ISO-8601 (P30D): " + text, e);
    }
  }

  /** The retention in Elasticsearch's time-unit syntax ({@code 400d}). */
  public String retentionSetting() {
    long s = retention.toSeconds();
    if (s % 86400 == 0) {
      return (s / 86400) + "d";
    }
    if (s % 3600 == 0) {
      return (s / 3600) + "h";
    }
    if (s % 60 == 0) {
      return (s / 60) + "m";
    }
    return Math.max(1, s) + "s";
  }

  String name(String suffix) {
    return prefix + "-" + suffix;
  }

  /** The history data stream: one document per finding per run. */
  public String findingsStream() {
    return name("findings");
  }

  /** The latest-state index: one document per target, rule and resource. */
  public String latestIndex() {
    return name("findings-latest");
  }

  public String runsIndex() {
    return name("runs");
  }

  public String alertsStream() {
    return name("alerts");
  }
}
