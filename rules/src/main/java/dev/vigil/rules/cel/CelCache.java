package dev.vigil.rules.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.expr.CheckedExpr;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checked ASTs of the built-in packs' expressions, shipped as the resource {@code
 * dev/vigil/rules/cel-cache.bin} so that loading the built-in rules skips CEL parsing and type
 * checking (most of vigil's start-up time otherwise). Keyed by the environment version, whether the
 * expression is in a forEach rule, and its exact text: an expression not in the cache is simply
 * compiled. {@code CelCacheTest} regenerates the cache and compares it with the committed file.
 */
public final class CelCache {
  /** Bump when the CEL environment (variables, functions, options) changes. */
  static final String ENV_VERSION = "vigil-cel-1";

  private static final String RESOURCE = "/dev/vigil/rules/cel-cache.bin";
  private static volatile Map<String, byte[]> entries;
  private static volatile Map<String, byte[]> recording;
  private static volatile boolean disabled;

  private CelCache() {}

  static String key(String expression, boolean forEach) {
    return ENV_VERSION + (forEach ? "|E|" : "|P|") + expression;
  }

  static Optional<CelAbstractSyntaxTree> lookup(String key) {
    if (disabled) {
      return Optional.empty();
    }
    byte[] bytes = entries().get(key);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          CelProtoAbstractSyntaxTree.fromCheckedExpr(CheckedExpr.parseFrom(bytes)).getAst());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static void record(String key, CelAbstractSyntaxTree ast) {
    Map<String, byte[]> r = recording;
    if (r != null) {
      r.put(key, CelProtoAbstractSyntaxTree.fromCelAst(ast).toCheckedExpr().toByteArray());
    }
  }

  private static Map<String, byte[]> entries() {
    Map<String, byte[]> e = entries;
    if (e == null) {
      synchronized (CelCache.class) {
        if (entries == null) {
          entries = load();
        }
        e = entries;
      }
    }
    return e;
  }

  private static Map<String, byte[]> load() {
    try (InputStream in = CelCache.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return Map.of();
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a cache file: count, then (key, length, CheckedExpr bytes) entries. */
  public static Map<String, byte[]> read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in));
    int n = d.readInt();
    Map<String, byte[]> out = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String key = d.readUTF();
      byte[] b = new byte[d.readInt()];
      d.readFully(b);
      out.put(key, b);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Runs {@code compileAll} with the cache disabled and returns the cache file for every expression
   * it compiled. Not thread-safe with concurrent compilation; for the generator and its test.
   */
  public static synchronized byte[] generate(Runnable compileAll) {
    recording = new java.util.concurrent.ConcurrentSkipListMap<>();
    disabled = true;
    try {
      compileAll.run();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(recording.size());
        for (Map.Entry<String, byte[]> e : recording.entrySet()) {
          out.writeUTF(e.getKey());
          out.writeInt(e.getValue().length);
          out.write(e.getValue());
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      recording = null;
      disabled = false;
    }
  }
}
