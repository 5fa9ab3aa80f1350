package dev.vigil.reports.period;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.json.Json;
import dev.vigil.reports.Format;
import dev.vigil.reports.Manifest;
import dev.vigil.reports.ManifestSigner;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a period report as a folder an auditor can keep: {@code report.html}, {@code period.json},
 * {@code failures.csv}, {@code assessment-results.json} (OSCAL), with {@code manifest.json} and
 * {@code manifest.sig} exactly like a run folder, so {@code vigil verify DIR}
 * (dev.vigil.reports.Verifier) checks it.
 *
 * <p>The folder is written under a temporary name beside it and renamed when complete.
 */
public final class PeriodReportWriter {
  public static final String HTML = "report.html";
  public static final String JSON = "period.json";
  public static final String CSV = "failures.csv";
  public static final String OSCAL = "assessment-results.json";

  private PeriodReportWriter() {}

  /** The formats a period report has: HTML, JSON, CSV and OSCAL (JUnit has no meaning here). */
  public static Set<Format> supported() {
    return EnumSet.of(Format.HTML, Format.JSON, Format.CSV, Format.OSCAL);
  }

  /**
   * @param out the folder to create; it must not exist, or be empty
   * @param formats JSON is always written; JUNIT is refused
   * @param signer signs the manifest; empty writes no {@code manifest.sig}
   * @return the files written, sorted
   */
  public static List<Path> write(
      PeriodReport report, Path out, Set<Format> formats, Optional<ManifestSigner> signer)
      throws IOException {
    requireNonNull(report, "report");
    requireNonNull(out, "out");
    requireNonNull(signer, "signer");
    if (formats.contains(Format.JUNIT)) {
      throw new IllegalArgumentException(
          "a period report has no JUnit format: html, json, csv, oscal");
    }
    if (Files.exists(out) && !isEmptyDir(out)) {
      throw new IOException("output folder exists and is not empty: " + out);
    }
    Path abs = out.toAbsolutePath();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve("." + abs.getFileName() + ".partial");
    deleteRecursively(tmp);
    Files.createDirectories(tmp);
    try {
      Set<Format> chosen = EnumSet.copyOf(formats.isEmpty() ? supported() : formats);
      chosen.add(Format.JSON);
      List<String> names = new ArrayList<>();
      for (Format f : chosen) {
        switch (f) {
          case HTML -> writeFile(tmp.resolve(HTML), o -> PeriodHtml.render(report, o));
          case JSON ->
              writeFile(
                  tmp.resolve(JSON),
                  o ->
                      Json.pretty()
                          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                          .writeValue(o, report));
          case CSV -> writeFile(tmp.resolve(CSV), o -> PeriodCsv.render(report, o));
          case OSCAL -> writeFile(tmp.resolve(OSCAL), o -> PeriodOscal.render(report, o));
          case JUNIT -> throw new IllegalStateException("refused above");
        }
        names.add(fileName(f));
      }
      Manifest manifest = Manifest.of(report.reportId(), tmp);
      byte[] bytes = manifest.toBytes();
      Files.write(tmp.resolve(Manifest.FILE), bytes);
      names.add(Manifest.FILE);
      if (signer.isPresent()) {
        Files.write(tmp.resolve(Manifest.SIGNATURE_FILE), signer.get().sign(bytes).toBytes());
        names.add(Manifest.SIGNATURE_FILE);
      }
      if (Files.exists(out)) {
        Files.delete(out); // empty, checked above
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      names.sort(Comparator.naturalOrder());
      return names.stream().map(abs::resolve).toList();
    } finally {
      deleteRecursively(tmp);
    }
  }

  static String fileName(Format f) {
    return switch (f) {
      case HTML -> HTML;
      case JSON -> JSON;
      case CSV -> CSV;
      case OSCAL -> OSCAL;
      case JUNIT -> throw new IllegalArgumentException("no JUnit format for a period report");
    };
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private static void writeFile(Path file, Body body) throws IOException {
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      body.write(o);
    }
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
      return !ds.iterator().hasNext();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.delete(p);
    }
  }
}
