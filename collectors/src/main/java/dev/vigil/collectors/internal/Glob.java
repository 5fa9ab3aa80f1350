package dev.vigil.collectors.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * glob(3) expansion through an {@link Inputs}: {@code *}, {@code ?} and {@code [...]} per path
 * component.
 */
public final class Glob {
  private static final int MAX_MATCHES = 1000;

  private Glob() {}

  public static boolean hasMagic(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  /** The existing paths matching an absolute pattern, sorted per component like glob(3). */
  public static List<String> expand(Inputs in, String pattern) {
    List<String> current = new ArrayList<>(List.of("/"));
    String[] parts = pattern.split("/");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        continue;
      }
      List<String> next = new ArrayList<>();
      for (String base : current) {
        if (!hasMagic(part)) {
          String p = Inputs.join(base, part);
          if (i < parts.length - 1 || in.exists(p)) {
            next.add(p);
          }
          continue;
        }
        Inputs.Listing l = in.list(base);
        for (String name : l.names()) {
          if (name.startsWith(".") && !part.startsWith(".")) {
            continue;
          }
          if (matches(part, name) && next.size() < MAX_MATCHES) {
            next.add(Inputs.join(base, name));
          }
        }
      }
      current = next;
    }
    current.removeIf(p -> !in.exists(p));
    return current;
  }

  /** fnmatch(3) for one component. */
  public static boolean matches(String pattern, String name) {
    return match(pattern, 0, name, 0, 0);
  }

  private static boolean match(String p, int pi, String s, int si, int depth) {
    if (depth > 64) {
      return false;
    }
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          return true;
        }
        for (int k = si; k <= s.length(); k++) {
          if (match(p, pi, s, k, depth + 1)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length()) {
        return false;
      }
      if (c == '?') {
        pi++;
        si++;
        continue;
      }
      if (c == '[') {
        int end = p.indexOf(']', pi + 2);
        if (end < 0) {
          if (s.charAt(si) != '[') {
            return false;
          }
          pi++;
          si++;
          continue;
        }
        String set = p.substring(pi + 1, end);
        boolean negate = set.startsWith("!") || set.startsWith("^");
        if (negate) {
          set = set.substring(1);
        }
        char ch = s.charAt(si);
        boolean hit = false;
        for (int k = 0; k < set.length(); k++) {
          if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
            if (ch >= set.charAt(k) && ch <= set.charAt(k + 2)) {
              hit = true;
            }
            k += 2;
          } else if (set.charAt(k) == ch) {
            hit = true;
          }
        }
        if (hit == negate) {
          return false;
        }
        pi = end + 1;
        si++;
        continue;
      }
      if (c == '\\' && pi + 1 < p.length()) {
        pi++;
        c = p.charAt(pi);
      }
      if (c != s.charAt(si)) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }
}
