package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cel.expr.CheckedExpr;
import dev.vigil.rules.cel.CelCache;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelCacheTest {
  @Test
  void committedCelCacheMatchesTheBuiltInPacks() throws Exception {
    Map<String, byte[]> fresh = CelCache.read(new ByteArrayInputStream(RuleSet.builtInCelCache()));
    Map<String, byte[]> committed;
    try (InputStream in = RuleSet.class.getResourceAsStream("/dev/vigil/rules/cel-cache.bin")) {
      committed = CelCache.read(in);
    }
    String hint =
        "regenerate: java -cp rules/target/classes:<deps> dev.vigil.rules.RuleSet"
            + " rules/src/main/resources/dev/vigil/rules/cel-cache.bin";
    assertEquals(fresh.keySet(), committed.keySet(), hint);
    for (Map.Entry<String, byte[]> e : fresh.entrySet()) {
      assertEquals(
          CheckedExpr.parseFrom(e.getValue()),
          CheckedExpr.parseFrom(committed.get(e.getKey())),
          hint + " (" + e.getKey() + ")");
    }
    assertTrue(fresh.size() > 250, "every expression of the built-in packs is cached");
  }
}
