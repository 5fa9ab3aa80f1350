package dev.vigil.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is scanned: the local host, a root filesystem ({@code root:/mnt/img}), a remote host over
 * SSH ({@code ssh://user@host:22}) or a TLS endpoint ({@code tls://host:443}).
 *
 * @param name the name reports and evidence use for the target (host name, or the root's path)
 * @param location the address in the syntax of {@link #parse}
 */
public record Target(String name, TargetKind kind, String location, Map<String, String> labels) {
  public Target {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(location, "location");
    if (name.isBlank()) {
      throw new IllegalArgumentException("target name must not be blank");
    }
    labels = Map.copyOf(labels == null ? Map.of() : new TreeMap<>(labels));
  }

  public static Target local(String hostname) {
    return new Target(hostname, TargetKind.LOCAL, "local", Map.of());
  }

  public static Target root(String path) {
    return new Target(path, TargetKind.ROOT, "root:" + path, Map.of());
  }

  /**
   * Parses {@code local}, {@code root:/path}, {@code ssh://[user@]host[:port]} or {@code
   * tls://host[:port]}. The name is the host (or the root path; {@code localhost} for local).
   */
  public static Target parse(String text) {
    requireNonNull(text, "target");
    String t = text.trim();
    if (t.equals("local")) {
      return local("localhost");
    }
    if (t.startsWith("root:")) {
      String path = t.substring("root:".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("root target needs a path (root:/mnt/img): " + text);
      }
      return root(path);
    }
    if (t.startsWith("ssh://") || t.startsWith("tls://")) {
      URI uri;
      try {
        uri = new URI(t);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a valid target address: " + text, e);
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("target address has no host: " + text);
      }
      if (uri.getPort() > 65535) {
        throw new IllegalArgumentException("port must be 1..65535: " + uri.getPort());
      }
      TargetKind kind = t.startsWith("ssh://") ? TargetKind.SSH : TargetKind.TLS;
      return new Target(uri.getHost(), kind, t, Map.of());
    }
    throw new IllegalArgumentException(
        "target must be local, root:/path, ssh://user@host:port or tls://host:port: " + text);
  }

  public Target withName(String newName) {
    return new Target(newName, kind, location, labels);
  }

  public Target withLabels(Map<String, String> newLabels) {
    return new Target(name, kind, location, newLabels);
  }
}
