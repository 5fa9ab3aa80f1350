package dev.vigil.core.facts;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One named fact about a target ({@code host.sshd}, {@code accounts.users}) with the provenance of
 * every source it was built from.
 *
 * @param name dotted fact name, {@code family.name}
 * @param value JSON-shaped and deeply immutable (see {@link FactValues}); an empty map when the
 *     state is not OK
 * @param reason why the state is ABSENT or ERROR ({@code /etc/shadow: permission denied}); for an
 *     OK fact, an optional note (a bound that was hit)
 */
public record Fact(
    String name,
    FactState state,
    Object value,
    Optional<String> reason,
    List<Provenance> provenance) {
  public Fact {
    requireNonNull(name, "name");
    requireNonNull(state, "state");
    if (!name.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
      throw new IllegalArgumentException(
          "fact name must be dotted lower-case (host.sshd): " + name);
    }
    value = FactValues.copy(value == null ? Map.of() : value);
    reason = reason == null ? Optional.empty() : reason;
    provenance = List.copyOf(provenance == null ? List.of() : provenance);
    if (state != FactState.OK && reason.isEmpty()) {
      throw new IllegalArgumentException(
          "fact " + name + " is " + state.wire() + " without reason");
    }
  }

  public static Fact ok(String name, Object value, List<Provenance> provenance) {
    return new Fact(name, FactState.OK, value, Optional.empty(), provenance);
  }

  public static Fact absent(String name, String reason, List<Provenance> provenance) {
    return new Fact(name, FactState.ABSENT, Map.of(), Optional.of(reason), provenance);
  }

  public static Fact error(String name, String reason, List<Provenance> provenance) {
    return new Fact(name, FactState.ERROR, Map.of(), Optional.of(reason), provenance);
  }

  public boolean isOk() {
    return state == FactState.OK;
  }
}
