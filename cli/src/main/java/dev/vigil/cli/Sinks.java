package dev.vigil.cli;

import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.webhook.WebhookSecret;
import dev.vigil.index.Credentials;
import dev.vigil.index.EvidenceIndex;
import dev.vigil.index.IndexConfig;
import dev.vigil.index.SecretSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The sinks of one {@code vigil scan} besides the evidence archive: change detection (always on,
 * its state kept in the archive so regressions are recognised across runs), alert sinks and the
 * Elasticsearch index when asked for. Closes them all.
 */
final class Sinks implements AutoCloseable {
  private final AlertPipeline alerts;
  private final EvidenceIndex index;

  private Sinks(AlertPipeline alerts, EvidenceIndex index) {
    this.alerts = alerts;
    this.index = index;
  }

  static Sinks open(ScanCommand o) {
    AlertFormat format;
    try {
      format = AlertFormat.parse(o.alertFormat);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--alert-format: " + e.getMessage());
    }
    AlertPipeline.Builder b = AlertPipeline.builder().stateDirectory(o.out.resolve(".state"));
    try {
      if (o.alertWebhook != null) {
        if (o.alertSecret == null) {
          throw new UsageException(
              "--alert-webhook needs --alert-secret file:PATH or env:NAME (the HMAC key)");
        }
        b.webhook(o.alertWebhook, secret(o.alertSecret), o.out.resolve(".outbox"), format);
      }
      if (o.alertFile != null) {
        b.file(o.alertFile, format);
      }
    } catch (IOException | IllegalStateException e) {
      // IllegalStateException: another vigil holds the webhook outbox of this archive.
      throw new UsageException("cannot open the alert sink: " + e.getMessage());
    }
    AlertPipeline alerts;
    try {
      alerts = b.build();
    } catch (IOException e) {
      throw new UsageException("cannot open " + o.out.resolve(".state") + ": " + e.getMessage());
    }
    EvidenceIndex index = null;
    if (!o.esUrls.isEmpty()) {
      try {
        IndexConfig config = IndexConfig.of(o.esUrls.toArray(java.net.URI[]::new));
        if (o.esApiKey != null) {
          config = config.withCredentials(new Credentials.ApiKey(SecretSource.parse(o.esApiKey)));
        }
        if (o.esCa != null) {
          config = config.withCaFile(o.esCa);
        }
        index = EvidenceIndex.open(config, o.out.resolve("es-spool"));
      } catch (IllegalArgumentException | IllegalStateException e) {
        closeQuietly(alerts);
        throw new UsageException("elasticsearch: " + e.getMessage());
      }
    }
    return new Sinks(alerts, index);
  }

  private static WebhookSecret secret(String source) {
    try {
      if (source.startsWith("file:")) {
        return WebhookSecret.fromFile(Path.of(source.substring("file:".length())));
      }
      if (source.startsWith("env:")) {
        return WebhookSecret.fromEnv(source.substring("env:".length()));
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new UsageException("--alert-secret: " + e.getMessage());
    }
    throw new UsageException("--alert-secret must be file:PATH or env:NAME (never inline)");
  }

  AlertPipeline alerts() {
    return alerts;
  }

  EvidenceIndex index() {
    return index;
  }

  @Override
  public void close() {
    closeQuietly(alerts);
    if (index != null) {
      index.close();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing flushes nothing that is not already durable (outboxes, spool): nothing is lost.
    }
  }
}
