package dev.vigil.collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.collectors.transport.root.RootDirTransport;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every collector's test inherits: it is registered, produces exactly the facts it
 * declares on every fixture root, yields no {@code ok} fact on an empty root, never throws on junk,
 * never writes to the target, and runs on this live host. Subclasses add only their fixtures.
 */
public abstract class CollectorContract {
  protected static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

  @TempDir protected Path tmp;

  protected abstract Collector collector();

  protected CollectionContext context() {
    return new CollectionContext(
        CLOCK,
        CollectionContext.DEFAULT_MAX_FILE_BYTES,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Map.of("walk.max_seconds", "10"));
  }

  /** Collects from fixture {@code name} (hardened, weak, broken) through the snapshot engine. */
  protected Snapshot snapshot(String name) throws IOException {
    return snapshotOf(FixtureRoots.materialize(name, tmp));
  }

  protected Snapshot snapshotOf(Path root) throws IOException {
    try (Transport t = new RootDirTransport(root, CLOCK)) {
      Snapshot s = new SnapshotCollector(List.of(collector())).collect(t, context());
      assertEquals(List.of(), s.collectorErrors(), "collector errors");
      return s;
    }
  }

  /** The OK value of a fact, failing the test with the reason otherwise. */
  @SuppressWarnings("unchecked")
  protected static Map<String, Object> ok(Snapshot s, String fact) {
    Fact f = s.fact(fact).orElseThrow(() -> new AssertionError("no fact " + fact));
    if (!f.isOk()) {
      fail(fact + " is " + f.state().wire() + ": " + f.reason().orElse(""));
    }
    return (Map<String, Object>) f.value();
  }

  protected static FactState state(Snapshot s, String fact) {
    return s.fact(fact).orElseThrow().state();
  }

  protected static String reason(Snapshot s, String fact) {
    return s.fact(fact).orElseThrow().reason().orElse("");
  }

  @SuppressWarnings("unchecked")
  protected static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  protected static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  private List<Fact> direct(Path root) throws Exception {
    try (Transport t = new RootDirTransport(root, CLOCK)) {
      return collector().collect(t, context());
    }
  }

  private void assertDeclared(List<Fact> facts, String where) {
    Set<String> names = new TreeSet<>();
    for (Fact f : facts) {
      assertTrue(names.add(f.name()), where + ": fact " + f.name() + " twice");
    }
    assertEquals(
        new TreeSet<>(collector().descriptor().facts()),
        names,
        where + ": facts produced must be exactly the declared ones");
  }

  @Test
  void isRegisteredInTheBuiltInRegistry() {
    assertTrue(
        Collectors.builtIn().stream().anyMatch(c -> c.getClass() == collector().getClass()),
        collector().getClass().getName() + " is not in Collectors.builtIn()");
    String id = collector().descriptor().id();
    assertEquals(
        1,
        Collectors.builtIn().stream().filter(c -> c.descriptor().id().equals(id)).count(),
        "collector id must be unique: " + id);
  }

  @Test
  void producesExactlyTheDeclaredFactsOnEveryFixtureRoot() throws Exception {
    if (collector().descriptor().liveOnly()) {
      return; // the engine records its facts as absent on a root target
    }
    for (String name : FixtureRoots.ALL) {
      assertDeclared(direct(FixtureRoots.materialize(name, tmp)), name);
    }
  }

  @Test
  void emptyRootYieldsNoOkFact() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Snapshot s = snapshotOf(empty);
    for (String name : collector().descriptor().facts()) {
      Fact f = s.fact(name).orElseThrow();
      assertNotEquals(FactState.OK, f.state(), name + " must not be ok on an empty root");
      assertTrue(f.reason().isPresent() && !f.reason().get().isBlank(), name + " needs a reason");
    }
  }

  @Test
  void survivesJunkInEveryFile() throws Exception {
    Random random = new Random(42);
    for (String variant : List.of("binary", "text", "empty", "huge-lines")) {
      Path root = FixtureRoots.materialize("hardened", tmp.resolve(variant));
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          byte[] junk =
              switch (variant) {
                case "binary" -> {
                  byte[] b = new byte[1 + random.nextInt(2000)];
                  random.nextBytes(b);
                  yield b;
                }
                case "text" ->
                    ("::=== [[ ]] {{ \"unterminated\n\t\t#\n@include "
                            + p.getFileName()
                            + "\n-w\n%\nInclude *\n"
                            + "x".repeat(random.nextInt(100)))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                case "empty" -> new byte[0];
                default ->
                    ("a".repeat(300_000) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
              };
          Files.write(p, junk);
        }
      }
      if (!collector().descriptor().liveOnly()) {
        assertDeclared(direct(root), "junk-" + variant);
      }
      snapshotOf(root);
    }
    Snapshot broken = snapshot("broken");
    assertEquals(collector().descriptor().facts(), broken.facts().keySet());
    Json.mapper().writeValueAsString(broken);
  }

  @Test
  void neverWritesToTheTarget() throws Exception {
    Path root = FixtureRoots.materialize("weak", tmp);
    Map<String, String> before = tree(root);
    snapshotOf(root);
    assertEquals(before, tree(root));
  }

  @Test
  void collectsThisLiveHostWithoutFailing() throws Exception {
    try (Transport t = new LocalTransport()) {
      List<Fact> facts = collector().collect(t, context());
      assertDeclared(facts, "live");
      Snapshot s = new SnapshotCollector(List.of(collector())).collect(t, context());
      assertEquals(List.of(), s.collectorErrors());
      Json.mapper().writeValueAsString(s);
    }
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Map<String, Object> a =
            Files.readAttributes(p, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        out.put(root.relativize(p).toString(), new LinkedHashMap<>(a).toString());
      }
    }
    return out;
  }

  /** Every string of a fact value, flattened (for secret-leak assertions). */
  protected static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            out.add(String.valueOf(k));
            out.addAll(strings(v));
          });
    } else if (value instanceof List<?> l) {
      l.forEach(v -> out.addAll(strings(v)));
    } else {
      out.add(String.valueOf(value));
    }
    return out;
  }
}
