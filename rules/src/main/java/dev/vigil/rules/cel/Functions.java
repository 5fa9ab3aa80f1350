package dev.vigil.rules.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import java.util.Locale;

/**
 * vigil's own CEL functions, all pure: {@code octal('027')} is 23, {@code mode_within(mode,
 * '0640')} is true when a file mode grants no permission bit outside 0640, {@code bitand(a, b)},
 * {@code seconds('1h30m')} parses an OpenSSH/systemd-style time span into seconds, and {@code
 * cannot_tell('walk incomplete')} makes the finding {@code error} with that reason (for facts that
 * are only a lower bound: "we could not tell" must never read as pass).
 */
final class Functions {
  private Functions() {}

  static List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration(
            "octal",
            CelOverloadDecl.newGlobalOverload("octal_string", SimpleType.INT, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            "bitand",
            CelOverloadDecl.newGlobalOverload(
                "bitand_int_int", SimpleType.INT, SimpleType.INT, SimpleType.INT)),
        CelFunctionDecl.newFunctionDeclaration(
            "mode_within",
            CelOverloadDecl.newGlobalOverload(
                "mode_within_int_string", SimpleType.BOOL, SimpleType.INT, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            "cannot_tell",
            CelOverloadDecl.newGlobalOverload(
                "cannot_tell_string", SimpleType.BOOL, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            "seconds",
            CelOverloadDecl.newGlobalOverload(
                "seconds_string", SimpleType.INT, SimpleType.STRING)));
  }

  static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("octal_string", String.class, Functions::octal),
        CelFunctionBinding.from("bitand_int_int", Long.class, Long.class, (a, b) -> a & b),
        CelFunctionBinding.from(
            "mode_within_int_string",
            Long.class,
            String.class,
            (mode, max) -> (mode & 07777 & ~octal(max)) == 0),
        CelFunctionBinding.from("seconds_string", String.class, Functions::seconds),
        CelFunctionBinding.from(
            "cannot_tell_string",
            String.class,
            reason -> {
              throw new CelEvaluationException(reason);
            }));
  }

  static long octal(String s) throws CelEvaluationException {
    String t = s.strip();
    if (!t.matches("[0-7]{1,6}")) {
      throw new CelEvaluationException("octal: not an octal number: '" + s + "'");
    }
    return Long.parseLong(t, 8);
  }

  /** {@code 300}, {@code 5m}, {@code 1h30m}, {@code 2w}; units s m h d w; no unit means seconds. */
  static long seconds(String s) throws CelEvaluationException {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (!t.matches("(\\d+[smhdw]?)+")) {
      throw new CelEvaluationException("seconds: not a time span: '" + s + "'");
    }
    long total = 0;
    long n = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isDigit(c)) {
        n = Math.addExact(Math.multiplyExact(n, 10), c - '0');
        continue;
      }
      long unit =
          switch (c) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            default -> 604800;
          };
      total += n * unit;
      n = 0;
    }
    return total + n;
  }
}
