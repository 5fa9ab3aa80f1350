package dev.vigil.rules.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fact names rules may read: the contract of docs/facts.md, kept as the resource {@code
 * dev/vigil/rules/facts.txt} (a test holds it to the document).
 */
public final class KnownFacts {
  private static final Set<String> NAMES = load();

  private KnownFacts() {}

  public static Set<String> names() {
    return NAMES;
  }

  private static Set<String> load() {
    Set<String> out = new TreeSet<>();
    try (InputStream in = KnownFacts.class.getResourceAsStream("/dev/vigil/rules/facts.txt")) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/vigil/rules/facts.txt");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }
}
