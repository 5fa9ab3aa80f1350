package dev.vigil.alerts.format;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.event.ControlAlert;
import dev.vigil.alerts.event.FindingAlert;

/** The one-line human text both formats carry ({@code message}). */
final class Messages {
  private Messages() {}

  static String of(AlertEvent e) {
    if (e.finding().isPresent()) {
      FindingAlert f = e.finding().get();
      StringBuilder b = new StringBuilder();
      b.append(e.action().caption()).append(" on ").append(e.target()).append(": ");
      b.append(f.title().isEmpty() ? f.rule().toString() : f.title());
      if (!f.resource().isHost()) {
        b.append(" (").append(f.resource().type()).append(' ').append(f.resource().id());
        b.append(')');
      }
      if (f.absent()) {
        b.append(" - no longer reported");
      }
      return b.toString();
    }
    ControlAlert c = e.control().orElseThrow();
    return "Control "
        + c.control()
        + " on "
        + e.target()
        + " is now "
        + c.current().wire()
        + " (was "
        + c.previous().wire()
        + ")";
  }
}
