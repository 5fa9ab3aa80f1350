package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import dev.vigil.reports.internal.HtmlRenderer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded default evidence store: a directory with one folder per run ({@code
 * vigil-out/<run-id>/}) holding the report, findings, snapshots, the chosen machine formats, a
 * manifest with the SHA-256 of every file and its signature, plus an {@code index.html} listing all
 * runs. Run ids sort by time, so the last folder by name is the latest run.
 *
 * <p>A run folder is written under a temporary name and renamed when complete, so readers never see
 * half a run. One archive instance may be used by one writer at a time.
 */
public final class EvidenceArchive {
  public static final String FINDINGS = "findings.json";
  public static final String SNAPSHOT = "snapshot.json";
  public static final String SUMMARY = "summary.json";
  public static final String INDEX = "index.html";

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path root;
  private final ControlCatalog catalog;
  private final Optional<ManifestSigner> signer;

  /** An archive signing with the key of the default vigil home ({@code ~/.vigil}). */
  public EvidenceArchive(Path root) {
    this(root, ControlCatalog.builtIn(), Optional.of(ManifestSigner.inDefaultHome()));
  }

  /** An archive signing with the key of {@code vigilHome}, created there on first use. */
  public EvidenceArchive(Path root, Path vigilHome) {
    this(root, ControlCatalog.builtIn(), Optional.of(ManifestSigner.inHome(vigilHome)));
  }

  /**
   * @param signer signs each run's manifest; empty writes no {@code manifest.sig}
   */
  public EvidenceArchive(Path root, ControlCatalog catalog, Optional<ManifestSigner> signer) {
    this.root = requireNonNull(root, "root");
    this.catalog = requireNonNull(catalog, "catalog");
    this.signer = requireNonNull(signer, "signer");
  }

  public Path root() {
    return root;
  }

  /**
   * Writes one run; the findings, snapshot and summary files are always written, plus the chosen
   * formats, the manifest and (with a signer) its signature. Then rewrites the archive's {@code
   * index.html}.
   *
   * @throws IOException when the folder cannot be written or the run already exists
   */
  public RunDirectory write(Assessment assessment, List<Snapshot> snapshots, Set<Format> formats)
      throws IOException {
    String runId = assessment.runId();
    if (!RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "run id must be letters, digits, '.', '-' or '_' (it names a folder): " + runId);
    }
    Files.createDirectories(root);
    Path dir = root.resolve(runId);
    if (Files.exists(dir)) {
      throw new IOException("run folder already exists: " + dir);
    }
    List<RunSummary> history = new ArrayList<>(runs());
    ReportModel model = ReportModel.build(assessment, snapshots, catalog, history);

    Path tmp = root.resolve("." + runId + ".partial");
    deleteRecursively(tmp);
    Files.createDirectories(tmp);
    Set<Format> chosen = EnumSet.copyOf(formats);
    chosen.add(Format.JSON);
    Optional<Path> report = Optional.empty();
    List<String> names = new ArrayList<>();
    for (Format f : chosen) {
      Renderer r = Renderer.of(f);
      writeFile(tmp.resolve(r.fileName()), out -> r.render(model, out));
      names.add(r.fileName());
      if (f == Format.HTML) {
        report = Optional.of(dir.resolve(r.fileName()));
      }
    }
    writeFile(
        tmp.resolve(SNAPSHOT),
        out ->
            Json.pretty()
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, snapshots));
    writeFile(
        tmp.resolve(SUMMARY),
        out ->
            Json.pretty()
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, model.summary()));
    names.add(SNAPSHOT);
    names.add(SUMMARY);

    Manifest manifest = Manifest.of(runId, tmp);
    byte[] manifestBytes = manifest.toBytes();
    Files.write(tmp.resolve(Manifest.FILE), manifestBytes);
    names.add(Manifest.FILE);
    if (signer.isPresent()) {
      Files.write(tmp.resolve(Manifest.SIGNATURE_FILE), signer.get().sign(manifestBytes).toBytes());
      names.add(Manifest.SIGNATURE_FILE);
    }
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    writeIndex();
    names.sort(Comparator.naturalOrder());
    return new RunDirectory(dir, report, names.stream().map(dir::resolve).toList());
  }

  /** The most recent run in the archive, for change detection. */
  public Optional<Assessment> latest() throws IOException {
    List<Path> dirs = runDirs();
    for (int i = dirs.size() - 1; i >= 0; i--) {
      Path findings = dirs.get(i).resolve(FINDINGS);
      if (Files.isRegularFile(findings)) {
        return Optional.of(Json.mapper().readValue(findings.toFile(), Assessment.class));
      }
    }
    return Optional.empty();
  }

  /** The summaries of all complete runs, oldest first. */
  public List<RunSummary> runs() throws IOException {
    List<RunSummary> out = new ArrayList<>();
    for (Path d : runDirs()) {
      Path summary = d.resolve(SUMMARY);
      if (Files.isRegularFile(summary)) {
        out.add(Json.mapper().readValue(summary.toFile(), RunSummary.class));
      } else if (Files.isRegularFile(d.resolve(FINDINGS))) {
        out.add(
            RunSummary.of(Json.mapper().readValue(d.resolve(FINDINGS).toFile(), Assessment.class)));
      }
    }
    return out;
  }

  /** The folders of complete runs, sorted by run id (oldest first). */
  public List<Path> runDirs() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p)
            && RUN_ID.matcher(name).matches()
            && Files.isRegularFile(p.resolve(Manifest.FILE))) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  /**
   * Deletes the runs the policy does not keep, oldest first, and rewrites {@code index.html}. A
   * run's age is its start time. The newest run is always kept.
   *
   * @return the ids of the runs deleted
   */
  public List<String> prune(RetentionPolicy policy, java.time.Instant now) throws IOException {
    List<Path> dirs = runDirs();
    Map<String, RunSummary> summaries = new HashMap<>();
    for (RunSummary s : runs()) {
      summaries.put(s.runId(), s);
    }
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < dirs.size() - 1; i++) {
      Path d = dirs.get(i);
      String id = d.getFileName().toString();
      int newer = dirs.size() - 1 - i;
      boolean tooMany = policy.keepRuns().isPresent() && newer >= policy.keepRuns().getAsInt();
      boolean tooOld = false;
      if (policy.keepFor().isPresent()) {
        RunSummary s = summaries.get(id);
        java.time.Instant started =
            s != null
                ? s.startedAt()
                : Files.getLastModifiedTime(d.resolve(Manifest.FILE)).toInstant();
        tooOld = started.isBefore(now.minus(policy.keepFor().get()));
      }
      if (tooMany || tooOld) {
        deleteRecursively(d);
        deleted.add(id);
      }
    }
    if (!deleted.isEmpty()) {
      writeIndex();
    }
    return deleted;
  }

  /** Rewrites {@code index.html}: every run, newest first, with the trend of the pass rate. */
  public void writeIndex() throws IOException {
    List<RunSummary> runs = runs();
    // Written aside and renamed: a browser or a concurrent run never sees half an index.
    Path tmp = root.resolve(".index.html." + ProcessHandle.current().pid() + ".tmp");
    try {
      writeFile(tmp, out -> HtmlRenderer.renderIndex(runs, out));
      Files.move(
          tmp,
          root.resolve(INDEX),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  interface Body {
    void write(OutputStream out) throws IOException;
  }

  static void writeFile(Path file, Body body) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      body.write(out);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
