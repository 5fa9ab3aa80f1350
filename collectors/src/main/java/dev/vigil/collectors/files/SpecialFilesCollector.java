package dev.vigil.collectors.files;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.FileType;
import dev.vigil.core.transport.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code host.world_writable} and {@code host.suid_sgid}: one walk of the system directories (lstat
 * only, symlinks never followed), bounded in paths visited, time and results; when a bound is hit
 * the facts say so and their lists are a lower bound.
 */
public final class SpecialFilesCollector implements Collector {
  public static final String WORLD_WRITABLE = "host.world_writable";
  public static final String SUID_SGID = "host.suid_sgid";

  /**
   * Walked in this order, so that when a bound is hit the places where setuid binaries and system
   * configuration live have been covered first; a root already walked is skipped when its parent
   * comes up later.
   */
  public static final List<String> ROOTS =
      List.of(
          "/etc",
          "/usr/bin",
          "/usr/sbin",
          "/usr/local",
          "/usr/libexec",
          "/bin",
          "/sbin",
          "/usr/lib",
          "/lib",
          "/lib64",
          "/opt",
          "/boot",
          "/srv",
          "/var",
          "/tmp",
          "/usr",
          "/root");

  static final Set<String> NEVER = Set.of("/proc", "/sys", "/dev", "/run");
  static final long DEFAULT_MAX_ENTRIES = 200_000;
  static final long DEFAULT_MAX_SECONDS = 2;
  static final int MAX_RESULTS = 10_000;
  static final int MAX_PENDING = 1_000_000;
  static final int MAX_PROBLEMS = 100;

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(
          "host.special_files",
          "World-writable and setuid/setgid files",
          Set.of(WORLD_WRITABLE, SUID_SGID),
          false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    if (!in.hasEtc()) {
      return List.of(
          Fact.error(WORLD_WRITABLE, Inputs.NO_ETC, in.provenance()),
          Fact.error(SUID_SGID, Inputs.NO_ETC, in.provenance()));
    }
    long maxEntries = setting(context, "walk.max_entries", DEFAULT_MAX_ENTRIES);
    long maxSeconds =
        Math.min(
            setting(context, "walk.max_seconds", DEFAULT_MAX_SECONDS),
            Math.max(1, context.collectorTimeout().toSeconds()));
    long maxMillis = setting(context, "walk.max_millis", maxSeconds * 1000);
    long deadline = System.nanoTime() + Math.min(maxMillis, maxSeconds * 1000) * 1_000_000L;

    List<Map<String, Object>> wwFiles = new ArrayList<>();
    List<Map<String, Object>> wwDirs = new ArrayList<>();
    List<Map<String, Object>> suid = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String bound = "none";
    long scanned = 0;
    Deque<String> todo = new ArrayDeque<>();
    for (int i = ROOTS.size() - 1; i >= 0; i--) {
      todo.push(ROOTS.get(i));
    }
    walk:
    while (!todo.isEmpty()) {
      String path = todo.pop();
      if (scanned >= maxEntries) {
        bound = "entries";
        break;
      }
      if ((scanned & 255) == 0 && System.nanoTime() > deadline) {
        bound = "time";
        break;
      }
      scanned++;
      Inputs.Stat st = in.stat(path);
      if (st.error().isPresent()) {
        if (problems.size() < MAX_PROBLEMS) {
          problems.add(st.error().get());
        }
        continue;
      }
      if (st.stat().isEmpty()) {
        continue;
      }
      FileStat s = st.stat().get();
      if (s.type() == FileType.SYMLINK) {
        continue; // a symlink's mode means nothing, and it is never followed
      }
      int mode = s.mode();
      if (s.type() == FileType.FILE && (mode & 0002) != 0) {
        wwFiles.add(entry(s, false));
      }
      if (s.type() == FileType.DIRECTORY && (mode & 0002) != 0 && (mode & 01000) == 0) {
        wwDirs.add(entry(s, false));
      }
      if (s.type() == FileType.FILE && (mode & 06000) != 0) {
        suid.add(entry(s, true));
      }
      if (wwFiles.size() + wwDirs.size() + suid.size() >= MAX_RESULTS) {
        bound = "results";
        break;
      }
      if (s.type() == FileType.DIRECTORY) {
        Inputs.Listing l = in.list(path);
        if (!l.ok()) {
          if (!l.missing() && problems.size() < MAX_PROBLEMS) {
            problems.add(l.reason());
          }
          continue;
        }
        List<String> names = l.names();
        for (int i = names.size() - 1; i >= 0; i--) {
          String child = Inputs.join(path, names.get(i));
          if (NEVER.contains(child) || ROOTS.contains(child)) {
            continue;
          }
          todo.push(child);
          if (todo.size() > MAX_PENDING) {
            bound = "entries";
            break walk;
          }
        }
      }
    }
    Map<String, Object> ww = new LinkedHashMap<>();
    ww.put("files", wwFiles);
    ww.put("directories_without_sticky", wwDirs);
    common(ww, bound, scanned, problems);
    Map<String, Object> su = new LinkedHashMap<>();
    su.put("files", suid);
    common(su, bound, scanned, List.of());
    String note =
        bound.equals("none")
            ? null
            : "walk stopped at its " + bound + " bound after " + scanned + " paths";
    return List.of(
        withNote(Fact.ok(WORLD_WRITABLE, ww, List.of()), note, in),
        withNote(Fact.ok(SUID_SGID, su, List.of()), note, in));
  }

  private static Fact withNote(Fact f, String note, Inputs in) {
    return new Fact(
        f.name(), f.state(), f.value(), java.util.Optional.ofNullable(note), walkProvenance(in));
  }

  private static List<dev.vigil.core.facts.Provenance> walkProvenance(Inputs in) {
    // one entry per walk root rather than one per visited path
    List<dev.vigil.core.facts.Provenance> out = new ArrayList<>();
    for (String r : ROOTS) {
      out.add(
          new dev.vigil.core.facts.Provenance(
              dev.vigil.core.facts.SourceKind.DIRECTORY,
              r,
              java.util.Optional.empty(),
              0,
              in.context().now()));
    }
    return out;
  }

  private static void common(
      Map<String, Object> m, String bound, long scanned, List<String> problems) {
    m.put("complete", bound.equals("none"));
    m.put("bound_hit", bound);
    m.put("scanned", scanned);
    m.put("roots", ROOTS);
    m.put("problems", problems);
  }

  private static Map<String, Object> entry(FileStat s, boolean suid) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("path", s.path());
    e.put("mode", s.mode());
    e.put("mode_octal", s.modeOctal());
    e.put("uid", s.uid());
    if (suid) {
      e.put("gid", s.gid());
      e.put("setuid", (s.mode() & 04000) != 0);
      e.put("setgid", (s.mode() & 02000) != 0);
      e.put("size", s.size());
    }
    return e;
  }

  private static long setting(CollectionContext c, String key, long dflt) {
    return c.setting(key)
        .filter(v -> v.matches("[0-9]{1,12}"))
        .map(Long::parseLong)
        .filter(v -> v > 0)
        .orElse(dflt);
  }
}
