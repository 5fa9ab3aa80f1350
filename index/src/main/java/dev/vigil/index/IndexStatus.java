package dev.vigil.index;

import java.util.Map;
import java.util.Optional;

/**
 * What {@code vigil index status} shows.
 *
 * @param reachable the cluster answered
 * @param cluster the cluster name, when reachable
 * @param health {@code green}, {@code yellow} or {@code red}, when reachable
 * @param templates each of vigil's templates ({@code component/vigil-findings-mappings}, {@code
 *     index/vigil-findings}, ...) and whether it is installed
 * @param documents document count of each index and data stream by name; 0 when it does not exist
 * @param spoolSegments segments waiting in the spool
 * @param spoolBytes their size
 * @param rejectedDocuments documents Elasticsearch refused for good, kept under the spool's {@code
 *     rejected/}
 * @param error why the cluster could not be asked, without secrets
 */
public record IndexStatus(
    boolean reachable,
    Optional<String> cluster,
    Optional<String> health,
    Map<String, Boolean> templates,
    Map<String, Long> documents,
    int spoolSegments,
    long spoolBytes,
    long rejectedDocuments,
    Optional<String> error) {
  public IndexStatus {
    cluster = cluster == null ? Optional.empty() : cluster;
    health = health == null ? Optional.empty() : health;
    templates = Map.copyOf(new java.util.TreeMap<>(templates));
    documents = Map.copyOf(new java.util.TreeMap<>(documents));
    error = error == null ? Optional.empty() : error;
  }

  /** Every template is installed. */
  public boolean templatesInstalled() {
    return !templates.isEmpty() && templates.values().stream().allMatch(b -> b);
  }
}
