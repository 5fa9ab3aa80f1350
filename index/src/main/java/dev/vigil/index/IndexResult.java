package dev.vigil.index;

import java.util.Optional;

/**
 * What one {@link EvidenceIndex#index}, {@link EvidenceIndex#indexAlerts} or {@link
 * EvidenceIndex#flush} call achieved. Nothing is ever dropped: what was not written is in the spool
 * ({@code pendingSegments}) or, when Elasticsearch refused it for good, under {@code
 * spool/rejected}.
 *
 * @param complete the spool is empty: everything given so far is in Elasticsearch (or rejected)
 * @param findings finding history documents Elasticsearch accepted in this call
 * @param operations all operations Elasticsearch accepted in this call (history, latest state,
 *     runs, alerts)
 * @param duplicates documents Elasticsearch already had from an earlier, interrupted attempt
 * @param rejected documents refused for good in this call, kept under {@code spool/rejected}
 * @param replayedSegments spool segments fully written in this call
 * @param pendingSegments segments still in the spool, to be replayed by the next run or flush
 * @param spoolBytes size of those segments
 * @param error why the spool is not empty, without secrets
 */
public record IndexResult(
    boolean complete,
    long findings,
    long operations,
    long duplicates,
    long rejected,
    int replayedSegments,
    int pendingSegments,
    long spoolBytes,
    Optional<String> error) {
  public IndexResult {
    error = error == null ? Optional.empty() : error;
  }
}
