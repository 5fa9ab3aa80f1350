package dev.vigil.reports.period;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a period report covers: the window {@code [since, until]} (both inclusive), which targets
 * and which profile, and how gaps in evidence are judged.
 *
 * @param targets which targets count; {@link TargetFilter#all()} for the whole fleet
 * @param profile only runs of this profile; empty for every profile
 * @param expectedInterval a target with no run for longer than this has a gap in evidence; empty
 *     uses twice the target's median interval between runs
 * @param lookback how far before {@code since} history is read to know each target's state at the
 *     start of the period and when its open failures began
 */
public record PeriodQuery(
    Instant since,
    Instant until,
    TargetFilter targets,
    Optional<String> profile,
    Optional<Duration> expectedInterval,
    Duration lookback) {

  /** The default {@link #lookback}: two weeks before the period. */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(14);

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,5})([mhdw])");

  public PeriodQuery {
    requireNonNull(since, "since");
    requireNonNull(until, "until");
    requireNonNull(targets, "targets");
    profile = profile == null ? Optional.empty() : profile;
    expectedInterval = expectedInterval == null ? Optional.empty() : expectedInterval;
    requireNonNull(lookback, "lookback");
    if (!since.isBefore(until)) {
      throw new IllegalArgumentException(
          "the period must start before it ends: since " + since + ", until " + until);
    }
    if (lookback.isNegative()) {
      throw new IllegalArgumentException("lookback must not be negative: " + lookback);
    }
    if (expectedInterval.isPresent()
        && (expectedInterval.get().isNegative() || expectedInterval.get().isZero())) {
      throw new IllegalArgumentException(
          "expected interval must be positive: " + expectedInterval.get());
    }
  }

  /** The whole fleet, every profile, gaps from each target's own rhythm. */
  public static PeriodQuery of(Instant since, Instant until) {
    return new PeriodQuery(
        since, until, TargetFilter.all(), Optional.empty(), Optional.empty(), DEFAULT_LOOKBACK);
  }

  /**
   * The window of {@code vigil report --since S [--until U]}.
   *
   * @param since a length back from {@code until} ({@code 30d}, {@code 12h}, {@code 4w}, {@code
   *     90m} minutes), a date ({@code 2026-10-01}, from its start, UTC) or an instant ({@code
   *     2026-10-01T00:00:00Z})
   * @param until a date (to its end, UTC), an instant, or empty for now
   * @throws IllegalArgumentException naming the value that cannot be read
   */
  public static PeriodQuery parse(String since, Optional<String> until, Clock clock) {
    requireNonNull(since, "since");
    requireNonNull(clock, "clock");
    Instant end = until.map(u -> point(u, "--until", true)).orElseGet(clock::instant);
    Instant start;
    Matcher m = RELATIVE.matcher(since.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
          };
      if (d.isZero()) {
        throw new IllegalArgumentException("--since must be a positive length: " + since);
      }
      start = end.minus(d);
    } else {
      start = point(since, "--since", false);
    }
    return of(start, end);
  }

  /** Parses a length such as {@code 36h}, {@code 2d} or {@code 1w} (for --expected-interval). */
  public static Duration parseLength(String text) {
    Matcher m = RELATIVE.matcher(requireNonNull(text, "length").trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          "a length must be a positive number with m, h, d or w (36h, 2d): " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  private static Instant point(String text, String option, boolean endOfDay) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        LocalDate d = LocalDate.parse(t);
        return endOfDay
            ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1)
            : d.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(t);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          option
              + " must be a length (30d, 12h, 4w), a date (2026-10-01) or an instant"
              + " (2026-10-01T00:00:00Z): "
              + text,
          e);
    }
  }

  public PeriodQuery withTargets(TargetFilter f) {
    return new PeriodQuery(since, until, f, profile, expectedInterval, lookback);
  }

  public PeriodQuery withProfile(String p) {
    return new PeriodQuery(since, until, targets, Optional.of(p), expectedInterval, lookback);
  }

  public PeriodQuery withExpectedInterval(Duration d) {
    return new PeriodQuery(since, until, targets, profile, Optional.of(d), lookback);
  }

  public PeriodQuery withLookback(Duration d) {
    return new PeriodQuery(since, until, targets, profile, expectedInterval, d);
  }

  /** The length of the period; the "next period" for expiring waivers has the same length. */
  public Duration length() {
    return Duration.between(since, until);
  }

  /** Where reading history starts: {@code since} minus the lookback. */
  public Instant readFrom() {
    return since.minus(lookback);
  }
}
