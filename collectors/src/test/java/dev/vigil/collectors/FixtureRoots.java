package dev.vigil.collectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fixture root filesystems of {@code src/test/resources/fixtures/roots/}. Git keeps neither
 * modes (besides +x) nor, through Maven's resource copying, symlinks, so each root has a {@code
 * NAME.links} ({@code path -> target}) and a {@code NAME.modes} ({@code path 0644}) applied to a
 * fresh copy at test time.
 */
public final class FixtureRoots {
  public static final List<String> ALL = List.of("hardened", "weak", "broken");

  private FixtureRoots() {}

  public static Path source() {
    Path p = Path.of("src/test/resources/fixtures/roots");
    if (Files.isDirectory(p)) {
      return p;
    }
    return Path.of("collectors").resolve(p);
  }

  /** Copies fixture {@code name} under {@code dir} with its links and modes; returns the root. */
  public static Path materialize(String name, Path dir) {
    try {
      Path src = source().resolve(name);
      Path dst = Files.createDirectories(dir.resolve(name));
      try (Stream<Path> s = Files.walk(src)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Path t = dst.resolve(src.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else if (!p.getFileName().toString().equals(".gitkeep")) {
            Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      Path links = source().resolve(name + ".links");
      if (Files.exists(links)) {
        for (String line : Files.readAllLines(links)) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] kv = line.split(" -> ", 2);
          Path link = dst.resolve(kv[0].strip());
          Files.createDirectories(link.getParent());
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, Path.of(kv[1].strip()));
        }
      }
      Path modes = source().resolve(name + ".modes");
      if (Files.exists(modes)) {
        for (String line : Files.readAllLines(modes)) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] kv = line.strip().split("\\s+");
          Files.setAttribute(dst.resolve(kv[0]), "unix:mode", Integer.parseInt(kv[1], 8));
        }
      }
      return dst;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
