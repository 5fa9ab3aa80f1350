package dev.vigil.collectors;

import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.Transport;
import java.util.List;

/**
 * Gathers one family of facts from one target. Stateless; may run concurrently for different
 * targets.
 *
 * <p>A collector never throws on bad input: a file it cannot read or parse becomes a fact in state
 * {@code error} (or {@code absent} when the facility is not installed) with the reason, and the
 * rules that need it report {@code error} or {@code notapplicable}. It throws {@link
 * CollectionException} only when the target as a whole cannot be read; then every fact it declares
 * is recorded as an error with that message. It must produce exactly the facts its descriptor
 * declares, no others.
 */
public interface Collector {
  CollectorDescriptor descriptor();

  List<Fact> collect(Transport transport, CollectionContext context) throws CollectionException;
}
