package dev.vigil.scheduler.scan;

import dev.vigil.core.Target;
import dev.vigil.core.facts.Snapshot;

/** Probes a network endpoint target ({@code tls://host:port}) that has no file transport. */
@FunctionalInterface
public interface EndpointProber {
  /** Never throws for an endpoint that is down or misbehaves: that is a fact with the reason. */
  Snapshot probe(Target target);
}
