package dev.vigil.alerts.change;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable map that owns its HashMap. {@link TargetState} copies every map it is given
 * except one of these: the change detector builds the next state's map (10^5 entries for a large
 * target) and hands it over without a second copy. Only this package can create one, from a map
 * nobody else holds.
 */
final class FrozenMap<K, V> extends AbstractMap<K, V> {
  private final Map<K, V> map;

  private FrozenMap(HashMap<K, V> owned) {
    this.map = owned;
  }

  /** Takes over {@code owned}; the caller must not keep or change it. */
  static <K, V> FrozenMap<K, V> adopt(HashMap<K, V> owned) {
    return new FrozenMap<>(owned);
  }

  static <K, V> Map<K, V> copyOf(Map<K, V> m) {
    return m instanceof FrozenMap<K, V> frozen ? frozen : new FrozenMap<>(new HashMap<>(m));
  }

  @Override
  public V get(Object key) {
    return map.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return map.containsKey(key);
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return Collections.unmodifiableMap(map).entrySet();
  }
}
