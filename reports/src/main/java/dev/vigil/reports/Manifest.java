package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Digests;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code manifest.json}: the SHA-256 and size of every file of a run folder, sorted by path. The
 * manifest itself and its signature are not listed.
 */
public record Manifest(int manifestVersion, String runId, String algorithm, List<Entry> files) {
  public static final String FILE = "manifest.json";
  public static final String SIGNATURE_FILE = "manifest.sig";

  public Manifest {
    requireNonNull(runId, "runId");
    requireNonNull(algorithm, "algorithm");
    files = List.copyOf(files);
  }

  /** One file: its path relative to the run folder with '/' separators. */
  public record Entry(String path, String sha256, long size) {
    public Entry {
      requireNonNull(path, "path");
      requireNonNull(sha256, "sha256");
    }
  }

  /** Hashes every regular file under {@code dir} except the manifest and its signature. */
  public static Manifest of(String runId, Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Path p : listFiles(dir)) {
      String rel = relative(dir, p);
      entries.add(new Entry(rel, sha256(p), Files.size(p)));
    }
    entries.sort(Comparator.comparing(Entry::path));
    return new Manifest(1, runId, "sha256", entries);
  }

  /** The files of a run folder that a manifest covers, sorted. */
  static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p -> {
                String rel = relative(dir, p);
                return !rel.equals(FILE) && !rel.equals(SIGNATURE_FILE);
              })
          .sorted()
          .toList();
    }
  }

  static String relative(Path dir, Path p) {
    return dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  static String sha256(Path p) throws IOException {
    MessageDigest md = Digests.digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public byte[] toBytes() throws IOException {
    return Json.pretty().writeValueAsBytes(this);
  }

  public static Manifest read(Path file) throws IOException {
    return Json.mapper().readValue(file.toFile(), Manifest.class);
  }
}
