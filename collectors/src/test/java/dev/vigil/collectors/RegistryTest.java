package dev.vigil.collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RegistryTest {
  @Test
  void everyCollectorImplementationInTheModuleIsRegistered()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes =
        Path.of(Collector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> implementations = new TreeSet<>();
    try (Stream<Path> s = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = classes.relativize(p).toString();
        if (!rel.endsWith(".class") || !rel.startsWith("dev/vigil/collectors/")) {
          continue;
        }
        String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        if (Collector.class.isAssignableFrom(c)
            && !c.isInterface()
            && !Modifier.isAbstract(c.getModifiers())) {
          implementations.add(c.getName());
        }
      }
    }
    assertFalse(implementations.isEmpty(), "found no collector classes under " + classes);
    Set<String> registered = new TreeSet<>();
    Collectors.builtIn().forEach(c -> registered.add(c.getClass().getName()));
    assertEquals(implementations, registered, "Collectors.builtIn() must list every collector");
  }

  @Test
  void collectorIdsAndFactNamesAreUnique() {
    Set<String> ids = new TreeSet<>();
    Set<String> facts = new TreeSet<>();
    for (Collector c : Collectors.builtIn()) {
      assertEquals(true, ids.add(c.descriptor().id()), "duplicate id " + c.descriptor().id());
      for (String f : c.descriptor().facts()) {
        assertEquals(true, facts.add(f), "fact " + f + " declared twice");
      }
    }
  }
}
