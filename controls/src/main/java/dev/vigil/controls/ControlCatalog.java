package dev.vigil.controls;

import dev.vigil.controls.oscal.IndexGenerator;
import dev.vigil.controls.oscal.OscalCatalog;
import dev.vigil.core.ControlId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The NIST SP 800-53 Rev 5 controls vigil knows, with their titles and baselines. Immutable. */
public final class ControlCatalog {
  /** The baselines of SP 800-53B, in rising order. */
  public static final List<String> BASELINES = List.of("low", "moderate", "high");

  private static final String INDEX = "/dev/vigil/controls/index.tsv";

  private final Map<ControlId, ControlInfo> controls;
  private final Map<ControlId, String> statements;
  private final Map<String, String> families;

  public ControlCatalog(List<ControlInfo> controls) {
    this(controls, Map.of());
  }

  private ControlCatalog(List<ControlInfo> controls, Map<ControlId, String> statements) {
    Map<ControlId, ControlInfo> m = new TreeMap<>();
    Map<String, String> f = new TreeMap<>();
    for (ControlInfo c : controls) {
      m.put(c.id(), c);
      f.putIfAbsent(c.family(), c.familyTitle());
    }
    this.controls = Collections.unmodifiableMap(m);
    this.statements = Map.copyOf(statements);
    this.families = Collections.unmodifiableMap(f);
  }

  private static final class BuiltIn {
    static final ControlCatalog INSTANCE = loadIndex();
  }

  /** The compact control index shipped with vigil (loaded once, in a few milliseconds). */
  public static ControlCatalog builtIn() {
    return BuiltIn.INSTANCE;
  }

  private static ControlCatalog loadIndex() {
    try (InputStream in = ControlCatalog.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + INDEX);
      }
      return parseIndex(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ControlCatalog parseIndex(BufferedReader r) throws IOException {
    Map<String, String> families = new HashMap<>();
    List<String[]> rows = new ArrayList<>(1100);
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols[0].equals("F") && cols.length == 3) {
        families.put(cols[1], cols[2]);
      } else if (cols.length == 3) {
        rows.add(cols);
      } else {
        throw new IOException("control index: bad line: " + line);
      }
    }
    List<ControlInfo> out = new ArrayList<>(rows.size());
    for (String[] cols : rows) {
      ControlId id = ControlId.parse(cols[0]);
      Set<String> baselines = new HashSet<>(3);
      if (cols[2].indexOf('l') >= 0) {
        baselines.add("low");
      }
      if (cols[2].indexOf('m') >= 0) {
        baselines.add("moderate");
      }
      if (cols[2].indexOf('h') >= 0) {
        baselines.add("high");
      }
      out.add(
          new ControlInfo(id, cols[1], families.getOrDefault(id.family(), id.family()), baselines));
    }
    return new ControlCatalog(out);
  }

  /**
   * The official OSCAL catalog (for full statement text) with baselines taken from the resolved
   * baseline catalogs in {@code baselines} (name to file); controls withdrawn in the catalog are
   * left out.
   */
  public static ControlCatalog fromOscal(Path catalog, Map<String, Path> baselines)
      throws IOException {
    OscalCatalog full = OscalCatalog.load(catalog);
    Map<ControlId, Set<String>> selected = new HashMap<>();
    Map<ControlId, OscalCatalog.Control> newer = new HashMap<>();
    for (Map.Entry<String, Path> b : baselines.entrySet()) {
      for (OscalCatalog.Control c : OscalCatalog.load(b.getValue()).controls()) {
        selected.computeIfAbsent(c.id(), k -> new TreeSet<>()).add(b.getKey());
        newer.putIfAbsent(c.id(), c);
      }
    }
    List<ControlInfo> infos = new ArrayList<>();
    Map<ControlId, String> statements = new HashMap<>();
    Set<ControlId> seen = new HashSet<>();
    for (OscalCatalog.Control c : full.controls()) {
      if (c.withdrawn() && !selected.containsKey(c.id())) {
        continue;
      }
      OscalCatalog.Control best = newer.getOrDefault(c.id(), c);
      seen.add(c.id());
      infos.add(
          new ControlInfo(
              c.id(), best.title(), c.familyTitle(), selected.getOrDefault(c.id(), Set.of())));
      statements.put(c.id(), best.statement().isEmpty() ? c.statement() : best.statement());
    }
    for (OscalCatalog.Control c : newer.values()) {
      if (seen.add(c.id())) {
        infos.add(new ControlInfo(c.id(), c.title(), c.familyTitle(), selected.get(c.id())));
        statements.put(c.id(), c.statement());
      }
    }
    return new ControlCatalog(infos, statements);
  }

  /**
   * The catalog from a directory holding the official files (names as in {@link IndexGenerator}),
   * e.g. {@code ../shared/data/oscal}.
   */
  public static ControlCatalog fromOscalDirectory(Path dir) throws IOException {
    Map<String, Path> baselines = new TreeMap<>();
    for (Map.Entry<String, String> e : IndexGenerator.BASELINES.entrySet()) {
      Path p = dir.resolve(e.getValue());
      if (Files.isRegularFile(p)) {
        baselines.put(e.getKey(), p);
      }
    }
    return fromOscal(dir.resolve(IndexGenerator.CATALOG), baselines);
  }

  public Optional<ControlInfo> find(ControlId id) {
    return Optional.ofNullable(controls.get(id));
  }

  public boolean contains(ControlId id) {
    return controls.containsKey(id);
  }

  public List<ControlInfo> all() {
    return List.copyOf(controls.values());
  }

  public int size() {
    return controls.size();
  }

  /** Family id to title ({@code AC} to {@code Access Control}). */
  public Map<String, String> families() {
    return families;
  }

  /** The statement text, when this catalog was loaded from the official OSCAL catalog. */
  public Optional<String> statement(ControlId id) {
    return Optional.ofNullable(statements.get(id));
  }

  /** The controls a baseline selects ({@code low}, {@code moderate}, {@code high}). */
  public Set<ControlId> baseline(String name) {
    return controls.values().stream()
        .filter(c -> c.baselines().contains(name))
        .map(ControlInfo::id)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /**
   * Controls filtered by baseline and family (each optional; family is case-insensitive), in
   * catalog order.
   */
  public List<ControlInfo> list(Optional<String> baseline, Optional<String> family) {
    String fam = family.map(f -> f.toUpperCase(Locale.ROOT)).orElse(null);
    return controls.values().stream()
        .filter(c -> baseline.isEmpty() || c.baselines().contains(baseline.get()))
        .filter(c -> fam == null || c.family().equals(fam))
        .toList();
  }
}
