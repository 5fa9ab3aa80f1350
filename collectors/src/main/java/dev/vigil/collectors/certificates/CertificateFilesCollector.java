package dev.vigil.collectors.certificates;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.certificates.internal.CertificateFacts;
import dev.vigil.collectors.certificates.internal.CertificateParser;
import dev.vigil.collectors.certificates.internal.ChainValidator;
import dev.vigil.collectors.certificates.internal.ConfigReferences;
import dev.vigil.collectors.certificates.internal.FileParse;
import dev.vigil.collectors.certificates.internal.FileParse.FoundCert;
import dev.vigil.collectors.certificates.internal.FileParse.FoundKey;
import dev.vigil.collectors.certificates.internal.KeyInfo;
import dev.vigil.collectors.certificates.internal.KeyInspector;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.FileTooLargeException;
import dev.vigil.core.transport.FileType;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Collects every certificate, private key and keystore a host holds ({@code certificates.files},
 * {@code .certs}, {@code .keys}, {@code .stores}; schema in {@code docs/facts.md}). Works on any
 * transport: it only reads, stats and lists. A file that cannot be read or parsed is an entry with
 * its reason; the collector throws only for misconfigured settings.
 */
public final class CertificateFilesCollector implements Collector {
  public static final String ID = "certificates.files";
  public static final String FILES = "certificates.files";
  public static final String CERTS = "certificates.certs";
  public static final String KEYS = "certificates.keys";
  public static final String STORES = "certificates.stores";

  public static final List<String> DEFAULT_PATHS =
      List.of("/etc/ssl", "/etc/pki", "/etc/letsencrypt/live", "/usr/local/share/ca-certificates");
  public static final List<String> DEFAULT_TRUST_STORES =
      List.of(
          "/etc/ssl/certs/ca-certificates.crt",
          "/etc/pki/tls/certs/ca-bundle.crt",
          "/etc/ssl/cert.pem",
          "/etc/ssl/certs");
  static final int DEFAULT_MAX_FILES = 5000;
  static final int DEFAULT_MAX_DEPTH = 8;
  private static final int MAX_LOCATIONS = 20;
  private static final int MAX_SYMLINK_HOPS = 8;
  private static final Set<String> EXTENSIONS =
      Set.of(
          ".pem",
          ".crt",
          ".cer",
          ".der",
          ".key",
          ".p12",
          ".pfx",
          ".jks",
          ".keystore",
          ".truststore",
          ".p7b",
          ".p7c",
          ".ca-bundle");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(
          ID,
          "Certificates, private keys and keystores",
          Set.of(FILES, CERTS, KEYS, STORES),
          false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    return new Run(transport, context).collect();
  }

  /** One collection: mutable state confined to one thread. */
  private static final class Run {
    private final Transport t;
    private final CollectionContext ctx;
    private final Instant now;
    private final int maxFiles;
    private final int maxDepth;
    private final long deadlineNanos;
    private final List<FileContent> read = new ArrayList<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private boolean truncated;
    private boolean anyRootExists;

    /** One file looked at. */
    private record Entry(String path, Optional<FileStat> stat, FileParse parse, List<String> by) {}

    Run(Transport t, CollectionContext ctx) {
      this.t = t;
      this.ctx = ctx;
      this.now = ctx.now();
      this.maxFiles = intSetting(ctx, "certificates.max_files", DEFAULT_MAX_FILES);
      this.maxDepth = intSetting(ctx, "certificates.max_depth", DEFAULT_MAX_DEPTH);
      this.deadlineNanos = System.nanoTime() + ctx.collectorTimeout().toNanos();
    }

    List<Fact> collect() {
      List<String> roots = new ArrayList<>(paths(ctx));
      Map<String, List<String>> referenced = ConfigReferences.find(t, read);
      for (String root : roots) {
        anyRootExists |= exists(root);
        visit(root, 0, true, List.of());
      }
      anyRootExists |= !referenced.isEmpty();
      for (Map.Entry<String, List<String>> e : referenced.entrySet()) {
        if (!roots.contains(e.getKey())) {
          roots.add(e.getKey());
        }
        visit(e.getKey(), 0, true, e.getValue());
      }
      if (!anyRootExists) {
        String why =
            "no certificate directory on the target: none of "
                + String.join(", ", paths(ctx))
                + " exists, and no sshd, nginx, Apache or HAProxy configuration names a certificate";
        List<Provenance> prov = read.stream().map(FileContent::provenance).distinct().toList();
        return List.of(
            Fact.absent(FILES, why, prov),
            Fact.absent(CERTS, why, prov),
            Fact.absent(KEYS, why, prov),
            Fact.absent(STORES, why, prov));
      }
      String trustName = "";
      List<X509CertificateHolder> anchors = new ArrayList<>();
      for (String candidate : trustStores(ctx)) {
        List<X509CertificateHolder> found = trustStore(candidate);
        if (!found.isEmpty()) {
          trustName = candidate;
          anchors = found;
          break;
        }
      }
      return facts(roots, trustName, anchors);
    }

    private void visit(String path, int depth, boolean explicit, List<String> by) {
      if (outOfBudget()) {
        return;
      }
      Entry existing = entries.get(path);
      if (existing != null) {
        for (String b : by) {
          if (!existing.by().contains(b)) {
            existing.by().add(b);
          }
        }
        return;
      }
      Optional<FileStat> st;
      try {
        st = t.stat(path);
      } catch (IOException e) {
        if (explicit) {
          add(
              path,
              Optional.empty(),
              FileParse.error("unknown", TransportErrors.reason(path, e)),
              by);
        }
        return;
      }
      if (st.isEmpty()) {
        if (!by.isEmpty()) {
          add(path, st, FileParse.error("unknown", path + ": no such file"), by);
        }
        return;
      }
      FileType type = st.get().type();
      if (type == FileType.DIRECTORY || type == FileType.SYMLINK && explicit && isDir(path)) {
        if (depth >= maxDepth) {
          truncated = true;
          return;
        }
        List<String> names;
        try {
          names = t.list(path);
        } catch (IOException e) {
          if (explicit) {
            add(path, st, FileParse.error("unknown", TransportErrors.reason(path, e)), by);
          }
          return;
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        for (String name : names) {
          visit(prefix + name, depth + 1, false, List.of());
        }
        return;
      }
      if (type == FileType.OTHER) {
        return;
      }
      if (!explicit && !hasCertificateName(path)) {
        return;
      }
      if (entries.size() >= maxFiles) {
        truncated = true;
        return;
      }
      Optional<FileStat> target = type == FileType.SYMLINK ? resolve(path, st.get()) : st;
      if (type == FileType.SYMLINK
          && target.isPresent()
          && target.get().type() == FileType.DIRECTORY) {
        return; // symlinks to directories are not walked
      }
      add(path, target, parseFile(path, target), by);
    }

    private boolean exists(String path) {
      try {
        return t.stat(path).isPresent();
      } catch (IOException e) {
        return true; // it is there, but unreadable: the walk reports why
      }
    }

    private boolean isDir(String path) {
      try {
        t.list(path);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private boolean outOfBudget() {
      if (System.nanoTime() > deadlineNanos) {
        truncated = true;
        return true;
      }
      return false;
    }

    private void add(String path, Optional<FileStat> st, FileParse parse, List<String> by) {
      entries.put(path, new Entry(path, st, parse, new ArrayList<>(by)));
    }

    private FileParse parseFile(String path, Optional<FileStat> st) {
      long limit = ctx.maxFileBytes();
      if (st.isPresent() && st.get().type() == FileType.FILE && st.get().size() > limit) {
        return FileParse.error(
            "unknown",
            TransportErrors.reason(path, new FileTooLargeException(path, st.get().size(), limit)));
      }
      FileContent c;
      try {
        c = t.read(path, limit);
      } catch (IOException e) {
        return FileParse.error("unknown", TransportErrors.reason(path, e));
      }
      read.add(c);
      return CertificateParser.parse(path, c.bytes(), password(path));
    }

    private Optional<char[]> password(String path) {
      return ctx.setting("certificates.keystore_password." + path)
          .or(() -> ctx.setting("certificates.keystore_password"))
          .map(String::toCharArray);
    }

    private Optional<FileStat> resolve(String path, FileStat link) {
      FileStat cur = link;
      String curPath = path;
      for (int i = 0; i < MAX_SYMLINK_HOPS && cur.type() == FileType.SYMLINK; i++) {
        if (cur.linkTarget().isEmpty()) {
          return Optional.of(cur);
        }
        String target = cur.linkTarget().get();
        String parent = curPath.substring(0, Math.max(0, curPath.lastIndexOf('/')));
        curPath =
            ConfigReferences.normalize(target.startsWith("/") ? target : parent + "/" + target);
        try {
          Optional<FileStat> next = t.stat(curPath);
          if (next.isEmpty()) {
            return Optional.empty();
          }
          cur = next.get();
        } catch (IOException e) {
          return Optional.empty();
        }
      }
      return Optional.of(cur);
    }

    private List<X509CertificateHolder> trustStore(String path) {
      List<X509CertificateHolder> out = new ArrayList<>();
      Optional<FileStat> st;
      try {
        st = t.stat(path);
      } catch (IOException e) {
        return out;
      }
      if (st.isEmpty()) {
        return out;
      }
      List<String> files = new ArrayList<>();
      if (st.get().type() == FileType.DIRECTORY) {
        try {
          for (String name : t.list(path)) {
            if (hasCertificateName(name) && files.size() < maxFiles) {
              files.add(path + "/" + name);
            }
          }
        } catch (IOException e) {
          return out;
        }
      } else {
        files.add(path);
      }
      for (String f : files) {
        Entry e = entries.get(f);
        FileParse p = e != null ? e.parse() : parseFile(f, Optional.empty());
        for (FoundCert c : p.certs()) {
          out.add(c.cert());
        }
      }
      return out;
    }

    private List<Fact> facts(
        List<String> roots, String trustName, List<X509CertificateHolder> anchors) {
      List<Map<String, Object>> files = new ArrayList<>();
      List<X509CertificateHolder> pool = new ArrayList<>();
      for (Entry e : entries.values()) {
        files.add(fileItem(e));
        for (FoundCert c : e.parse().certs()) {
          pool.add(c.cert());
        }
      }
      ChainValidator validator =
          new ChainValidator(
              anchors,
              pool,
              trustName.isEmpty() ? "(no trust store found)" : trustName,
              "on the host",
              now);

      Map<String, Map<String, Object>> certs = new LinkedHashMap<>();
      Map<String, X509CertificateHolder> holders = new HashMap<>();
      for (Entry e : entries.values()) {
        for (FoundCert c : e.parse().certs()) {
          String fp = CertificateFacts.fingerprint(c.cert());
          String location = e.path() + "#" + c.position();
          Map<String, Object> item = certs.get(fp);
          if (item == null) {
            Map<String, Object> d = CertificateFacts.describe(c.cert(), now);
            item = new LinkedHashMap<>();
            item.put("sha256", fp);
            item.put("path", e.path());
            item.put("position", (long) c.position());
            if (c.alias().isPresent()) {
              item.put("alias", c.alias().get());
            }
            item.put("locations", new ArrayList<String>());
            d.remove("sha256");
            item.putAll(d);
            item.put("trusted_root", validator.isAnchor(c.cert()));
            item.put("chain", validator.validate(c.cert(), List.of()));
            certs.put(fp, item);
            holders.put(fp, c.cert());
          }
          @SuppressWarnings("unchecked")
          List<String> locations = (List<String>) item.get("locations");
          if (locations.size() < MAX_LOCATIONS) {
            locations.add(location);
          }
        }
      }

      List<Map<String, Object>> keys = new ArrayList<>();
      Map<String, List<String>> certsByKey = new HashMap<>();
      boolean anyKey = entries.values().stream().anyMatch(e -> !e.parse().keys().isEmpty());
      if (anyKey) {
        for (Map.Entry<String, X509CertificateHolder> h : holders.entrySet()) {
          KeyInspector.publicKeyId(h.getValue().getSubjectPublicKeyInfo())
              .ifPresent(
                  id -> certsByKey.computeIfAbsent(id, k -> new ArrayList<>()).add(h.getKey()));
        }
      }
      for (Entry e : entries.values()) {
        for (FoundKey k : e.parse().keys()) {
          keys.add(keyItem(e, k, certsByKey));
        }
      }

      List<Map<String, Object>> stores = new ArrayList<>();
      for (Entry e : entries.values()) {
        if (e.parse().storeType().isPresent()) {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("path", e.path());
          s.put("type", e.parse().storeType().get());
          s.put("status", e.parse().status());
          e.parse().reason().ifPresent(r -> s.put("reason", r));
          Set<String> aliases = new LinkedHashSet<>();
          e.parse().certs().forEach(c -> c.alias().ifPresent(aliases::add));
          e.parse().keys().forEach(c -> c.alias().ifPresent(aliases::add));
          s.put("entries", (long) aliases.size());
          s.put("certificates", (long) e.parse().certs().size());
          s.put("keys", (long) e.parse().keys().size());
          stores.add(s);
        }
      }

      Map<String, Object> filesValue = new LinkedHashMap<>();
      filesValue.put("roots", roots);
      filesValue.put("trust_store", trustName);
      filesValue.put("truncated", truncated);
      filesValue.put("files", files);
      List<Provenance> prov = read.stream().map(FileContent::provenance).distinct().toList();
      return List.of(
          Fact.ok(FILES, filesValue, prov),
          Fact.ok(CERTS, Map.of("items", new ArrayList<>(certs.values())), prov),
          Fact.ok(KEYS, Map.of("items", keys), prov),
          Fact.ok(STORES, Map.of("items", stores), prov));
    }

    private static Map<String, Object> fileItem(Entry e) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("path", e.path());
      f.put("format", e.parse().format());
      f.put("status", e.parse().status());
      e.parse().reason().ifPresent(r -> f.put("reason", r));
      f.put("problems", e.parse().problems());
      f.put("certificates", (long) e.parse().certs().size());
      f.put("keys", (long) e.parse().keys().size());
      if (!e.by().isEmpty()) {
        f.put("referenced_by", e.by());
      }
      e.stat().ifPresent(s -> putMode(f, s));
      return f;
    }

    private static void putMode(Map<String, Object> m, FileStat s) {
      m.put("mode", (long) (s.mode() & 07777));
      m.put("mode_octal", s.modeOctal());
      m.put("uid", s.uid());
      m.put("gid", s.gid());
    }

    private static Map<String, Object> keyItem(
        Entry e, FoundKey k, Map<String, List<String>> certsByKey) {
      KeyInfo info = k.key();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", e.path());
      m.put("position", (long) k.position());
      k.alias().ifPresent(a -> m.put("alias", a));
      m.put("format", info.format());
      m.put("type", info.type());
      if (info.size() > 0) {
        m.put("size", info.size());
      }
      info.curve().ifPresent(c -> m.put("curve", c));
      m.put("encrypted", info.encrypted());
      e.stat()
          .ifPresent(
              s -> {
                putMode(m, s);
                m.put("group_readable", (s.mode() & 040) != 0);
                m.put("world_readable", (s.mode() & 004) != 0);
              });
      info.publicKeyId().ifPresent(id -> m.put("public_key_sha256", id));
      List<String> matching =
          info.publicKeyId().map(id -> certsByKey.getOrDefault(id, List.of())).orElse(List.of());
      m.put("matches_certificate", !matching.isEmpty());
      m.put("matching_certificates", matching);
      return m;
    }
  }

  static boolean hasCertificateName(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(lower.substring(dot));
  }

  static List<String> paths(CollectionContext ctx) {
    return ctx.setting("certificates.paths")
        .map(CertificateFilesCollector::split)
        .orElse(DEFAULT_PATHS);
  }

  static List<String> trustStores(CollectionContext ctx) {
    return ctx.setting("certificates.trust_store")
        .map(CertificateFilesCollector::split)
        .orElse(DEFAULT_TRUST_STORES);
  }

  private static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(ConfigReferences.normalize(s.strip()));
      }
    }
    return out;
  }

  private static int intSetting(CollectionContext ctx, String key, int dflt) {
    Optional<String> v = ctx.setting(key);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.get().strip());
      if (n <= 0) {
        throw new IllegalArgumentException(key + " must be positive: " + v.get());
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number: " + v.get(), e);
    }
  }
}
