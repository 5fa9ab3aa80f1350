package dev.vigil.index;

/**
 * Progress of the writes to Elasticsearch, for a progress display. Called from the client's I/O
 * threads; implementations must be quick and thread-safe and must not call back into {@link
 * EvidenceIndex}.
 */
public interface IndexListener {
  IndexListener NONE = new IndexListener() {};

  /**
   * A bulk request was answered.
   *
   * @param operations how many operations it carried
   * @param failed how many of them were not accepted (to be retried, spooled or rejected)
   */
  default void afterBulk(int operations, int failed) {}

  /** A bulk request could not be sent or got no answer; its operations stay in the spool. */
  default void bulkFailed(int operations, String reason) {}
}
