package dev.vigil.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NIST SP 800-53 Rev 5 control or control enhancement identifier, normalised to the form used in
 * the catalog's labels: {@code AC-6}, {@code AC-6(2)}.
 *
 * <p>{@link #parse} accepts the spellings found in the wild ({@code ac-6(2)}, {@code AC-6 (2)},
 * {@code AC-06(02)}, and the OSCAL id {@code ac-6.2}) and rejects anything else with the value in
 * the message.
 */
public record ControlId(String family, int number, Optional<Integer> enhancement)
    implements Comparable<ControlId> {

  private static final Pattern SYNTAX =
      Pattern.compile(
          "^\\s*([A-Za-z]{2})\\s*-\\s*(\\d{1,3})\\s*(?:\\(\\s*(\\d{1,3})\\s*\\)|\\.(\\d{1,3}))?\\s*$");

  private static final Comparator<ControlId> ORDER =
      Comparator.comparing(ControlId::family)
          .thenComparingInt(ControlId::number)
          .thenComparingInt(c -> c.enhancement().orElse(0));

  public ControlId {
    if (family == null || !family.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException(
          "control family must be two upper-case letters: " + family);
    }
    if (number < 1) {
      throw new IllegalArgumentException("control number must be positive: " + number);
    }
    enhancement = enhancement == null ? Optional.empty() : enhancement;
    if (enhancement.isPresent() && enhancement.get() < 1) {
      throw new IllegalArgumentException(
          "control enhancement must be positive: " + enhancement.get());
    }
  }

  /**
   * Parses and normalises a control id; throws {@link IllegalArgumentException} naming the input.
   */
  @JsonCreator
  public static ControlId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("control id must not be null");
    }
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a NIST SP 800-53 control id (expected e.g. AC-6 or AC-6(2)): '" + text + "'");
    }
    int number = Integer.parseInt(m.group(2));
    String enh = m.group(3) != null ? m.group(3) : m.group(4);
    try {
      return new ControlId(
          m.group(1).toUpperCase(Locale.ROOT),
          number,
          enh == null ? Optional.empty() : Optional.of(Integer.parseInt(enh)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a NIST SP 800-53 control id (" + e.getMessage() + "): '" + text + "'", e);
    }
  }

  /** The base control of an enhancement ({@code AC-6} for {@code AC-6(2)}), or this control. */
  public ControlId base() {
    return enhancement.isEmpty() ? this : new ControlId(family, number, Optional.empty());
  }

  /** The id used inside OSCAL documents: {@code ac-6.2}. */
  public String oscalId() {
    return family.toLowerCase(Locale.ROOT)
        + "-"
        + number
        + enhancement.map(e -> "." + e).orElse("");
  }

  @JsonValue
  @Override
  public String toString() {
    return family + "-" + number + enhancement.map(e -> "(" + e + ")").orElse("");
  }

  @Override
  public int compareTo(ControlId other) {
    return ORDER.compare(this, other);
  }
}
