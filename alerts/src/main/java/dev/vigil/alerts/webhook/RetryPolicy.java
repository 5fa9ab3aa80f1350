package dev.vigil.alerts.webhook;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently one event is retried within one delivery attempt of the outbox. The
 * delay before retry {@code n} (1-based) is {@code min(maxBackoff, initialBackoff * 2^(n-1))}, of
 * which a random half is dropped ("equal jitter"), so receivers recovering from an outage are not
 * hit by all senders at once. A {@code Retry-After} header of the receiver raises the delay, capped
 * at {@code maxBackoff}. When an event has used {@code maxAttempts}, delivery stops and the event
 * stays first in the outbox for the next flush.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max: " + initialBackoff + ", " + maxBackoff);
    }
  }

  /** The delay before retry {@code retry} (1 for the first retry), jitter included. */
  public Duration backoff(int retry, RandomGenerator random) {
    long exp = ceiling(retry).toMillis();
    long half = exp / 2;
    return Duration.ofMillis(exp - half + (half == 0 ? 0 : random.nextLong(half + 1)));
  }

  /** The undelayed maximum before retry {@code retry}: the ceiling the jitter stays under. */
  public Duration ceiling(int retry) {
    long exp = initialBackoff.toMillis();
    for (int i = 1; i < retry && exp < maxBackoff.toMillis(); i++) {
      exp *= 2;
    }
    return Duration.ofMillis(Math.min(exp, maxBackoff.toMillis()));
  }
}
