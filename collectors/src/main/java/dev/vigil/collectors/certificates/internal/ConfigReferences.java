package dev.vigil.collectors.certificates.internal;

import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds certificate, key and store paths named in the configuration of sshd, nginx, Apache httpd
 * and HAProxy. A best-effort text scan: a directive the scan misses only means the file is not
 * looked at unless it lies under a walked directory. Paths with variables are skipped.
 */
public final class ConfigReferences {
  private static final long MAX_CONFIG_BYTES = 1024 * 1024;
  private static final int MAX_CONFIG_FILES = 200;

  private static final Pattern SSHD =
      Pattern.compile("(?im)^\\s*(?:HostKey|HostCertificate)\\s+\"?([^\"\\s]+)");
  private static final Pattern NGINX =
      Pattern.compile(
          "(?m)^\\s*(?:ssl_certificate|ssl_certificate_key|ssl_trusted_certificate|ssl_client_certificate)\\s+\"?([^\";\\s]+)");
  private static final Pattern APACHE =
      Pattern.compile(
          "(?im)^\\s*(?:SSLCertificateFile|SSLCertificateKeyFile|SSLCertificateChainFile|SSLCACertificateFile|SSLProxyMachineCertificateFile)\\s+\"?([^\"\\s]+)");
  private static final Pattern HAPROXY_ARG =
      Pattern.compile("(?:^|\\s)(crt|ca-file|crt-base|ca-base)\\s+\"?([^\"\\s]+)");

  private ConfigReferences() {}

  /** Referenced path to the configuration files that name it, in discovery order. */
  public static Map<String, List<String>> find(Transport t, List<FileContent> read) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> sshd = new ArrayList<>(List.of("/etc/ssh/sshd_config"));
    sshd.addAll(dir(t, "/etc/ssh/sshd_config.d", ".conf"));
    scan(t, sshd, SSHD, "/etc/ssh", out, read);
    List<String> nginx = new ArrayList<>(List.of("/etc/nginx/nginx.conf"));
    nginx.addAll(dir(t, "/etc/nginx/conf.d", ".conf"));
    nginx.addAll(dir(t, "/etc/nginx/sites-enabled", ""));
    scan(t, nginx, NGINX, "/etc/nginx", out, read);
    List<String> apache = new ArrayList<>(List.of("/etc/apache2/apache2.conf"));
    apache.addAll(dir(t, "/etc/apache2/sites-enabled", ""));
    apache.addAll(dir(t, "/etc/apache2/mods-enabled", ".conf"));
    apache.addAll(dir(t, "/etc/apache2/conf-enabled", ".conf"));
    scan(t, apache, APACHE, "/etc/apache2", out, read);
    List<String> httpd = new ArrayList<>(List.of("/etc/httpd/conf/httpd.conf"));
    httpd.addAll(dir(t, "/etc/httpd/conf.d", ".conf"));
    scan(t, httpd, APACHE, "/etc/httpd", out, read);
    haproxy(t, out, read);
    return out;
  }

  private static List<String> dir(Transport t, String dir, String suffix) {
    List<String> out = new ArrayList<>();
    try {
      for (String name : t.list(dir)) {
        if (name.endsWith(suffix) && out.size() < MAX_CONFIG_FILES) {
          out.add(dir + "/" + name);
        }
      }
    } catch (IOException e) {
      // no such directory: nothing referenced from it
    }
    return out;
  }

  private static void scan(
      Transport t,
      List<String> files,
      Pattern p,
      String base,
      Map<String, List<String>> out,
      List<FileContent> read) {
    for (String f : files) {
      String text = text(t, f, read);
      if (text == null) {
        continue;
      }
      Matcher m = p.matcher(text);
      while (m.find()) {
        add(out, absolute(m.group(1), base), f);
      }
    }
  }

  private static void haproxy(Transport t, Map<String, List<String>> out, List<FileContent> read) {
    String f = "/etc/haproxy/haproxy.cfg";
    String text = text(t, f, read);
    if (text == null) {
      return;
    }
    String crtBase = "/etc/haproxy";
    String caBase = "/etc/haproxy";
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#")) {
        continue;
      }
      Matcher m = HAPROXY_ARG.matcher(l);
      while (m.find()) {
        String v = m.group(2);
        switch (m.group(1)) {
          case "crt-base" -> crtBase = v;
          case "ca-base" -> caBase = v;
          case "crt" -> add(out, absolute(v, crtBase), f);
          default -> add(out, absolute(v, caBase), f);
        }
      }
    }
  }

  private static String text(Transport t, String path, List<FileContent> read) {
    try {
      FileContent c = t.read(path, MAX_CONFIG_BYTES);
      read.add(c);
      return c.text();
    } catch (IOException e) {
      return null;
    }
  }

  private static void add(Map<String, List<String>> out, String path, String from) {
    if (path == null || path.contains("$") || path.startsWith("data:")) {
      return;
    }
    List<String> by = out.computeIfAbsent(path, k -> new ArrayList<>());
    if (!by.contains(from)) {
      by.add(from);
    }
  }

  private static String absolute(String path, String base) {
    if (path.startsWith("/")) {
      return normalize(path);
    }
    return normalize(base + "/" + path);
  }

  /** Removes {@code .}, {@code ..} and doubled slashes from an absolute path. */
  public static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String s : path.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(s);
    }
    return "/" + String.join("/", parts);
  }
}
