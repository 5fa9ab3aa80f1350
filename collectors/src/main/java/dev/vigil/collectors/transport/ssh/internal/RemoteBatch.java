package dev.vigil.collectors.transport.ssh.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One remote shell invocation that performs many reads, stats and listings and frames their results
 * with a random delimiter. Needs nothing on the target but a POSIX {@code sh}, {@code head}, {@code
 * ls} and {@code stat} (GNU or BSD; {@code ls -ln} otherwise). The script is sent on standard input
 * ({@code sh -s}), so it never appears in the target's process list and no quoting of the login
 * shell matters.
 *
 * <p>Framing: every result starts with a line {@code TOKEN <kind> <index> ...}. Contents (a file, a
 * listing) follow their header and end with a newline plus a {@code TOKEN Z <index> <rc>} line. The
 * token is 128 random bits chosen per invocation, so a file cannot forge a frame.
 */
public final class RemoteBatch {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One operation of a batch. */
  public sealed interface Op permits Read, Stat, ListDir, Size, Tree {
    String path();
  }

  /** Reads up to {@code limit} bytes of a regular file, following symlinks. */
  public record Read(String path, long limit) implements Op {}

  /** lstat of a path. */
  public record Stat(String path) implements Op {}

  /** The entry names of a directory (following a symlink to it). */
  public record ListDir(String path) implements Op {}

  /** The size of the file a path resolves to. */
  public record Size(String path) implements Op {}

  /**
   * lstat of every path under a directory (one file system, {@code find -xdev}), at most {@code
   * limit} bytes of output. Needs GNU find and stat; otherwise answered {@link Status#ERROR}.
   */
  public record Tree(String path, long limit) implements Op {}

  /** What the target answered for one operation. */
  public record Result(
      Op op,
      Status status,
      byte[] content,
      int exitCode,
      String statLine,
      Optional<String> linkTarget,
      String message) {}

  public enum Status {
    /** Done: content or stat line is valid. */
    OK,
    /** The path is a directory where a file was expected. */
    DIRECTORY,
    /** The path is not a regular file (device, FIFO, socket). */
    NOT_REGULAR,
    /** The path is not a directory where one was expected. */
    NOT_DIRECTORY,
    /** The target reported an error; {@code message} holds its text. */
    ERROR
  }

  private static final String FUNCTIONS =
      """
      exec 2>&1
      LC_ALL=C; QUOTING_STYLE=literal; export LC_ALL QUOTING_STYLE
      if o=$(stat -c %.9Y / 2>/dev/null) && [ "${o#*.}" != "$o" ]; then SF=g9
      elif stat -c %f / >/dev/null 2>&1; then SF=g
      elif stat -f %Xp / >/dev/null 2>&1; then SF=b
      else SF=l; fi
      er() { printf '%s %s %s ER %s\\n' "$T" "$1" "$2" "$(printf '%s' "$3" | tr '\\n' ' ')"; }
      st() {
        case $SF in
        g9) o=$(stat -c '%f %u %g %s %.9Y' -- "$2" 2>&1) ;;
        g) o=$(stat -c '%f %u %g %s %Y' -- "$2" 2>&1) ;;
        b) o=$(stat -f '%Xp %u %g %z %m' -- "$2" 2>&1) ;;
        *) o=$(ls -lnd -- "$2" 2>&1) ;;
        esac
        if [ $? -eq 0 ]; then
          printf '%s S %s OK %s %s\\n' "$T" "$1" "$SF" "$o"
          if [ -L "$2" ]; then printf '%s L %s %s\\n' "$T" "$1" "$(readlink -- "$2")"; fi
        else er S "$1" "$o"; fi
      }
      rd() {
        if [ -d "$2" ]; then printf '%s R %s DIR\\n' "$T" "$1"; return; fi
        if [ -e "$2" ] && [ ! -f "$2" ]; then printf '%s R %s OTHER\\n' "$T" "$1"; return; fi
        if o=$(head -c 0 -- "$2" 2>&1); then
          printf '%s R %s OK\\n' "$T" "$1"
          head -c "$3" -- "$2"
          printf '\\n%s Z %s %s\\n' "$T" "$1" "$?"
        else er R "$1" "$o"; fi
      }
      li() {
        if [ -e "$2" ] && [ ! -d "$2" ]; then printf '%s D %s NOTDIR\\n' "$T" "$1"; return; fi
        if o=$(ls -1A -- "$2/" 2>&1); then
          printf '%s D %s OK\\n%s\\n%s Z %s 0\\n' "$T" "$1" "$o" "$T" "$1"
        else er D "$1" "$o"; fi
      }
      tw() {
        if [ "$SF" != g9 ]; then er T "$1" "no GNU stat"; return; fi
        printf '%s T %s OK\\n' "$T" "$1"
        find "$2" -xdev -exec stat --printf '%f %u %g %s %.9Y %d\\t%n\\t%N\\n' -- {} + 2>&1 | head -c "$3"
        printf '\\n%s Z %s 0\\n' "$T" "$1"
      }
      sz() {
        case $SF in
        g*) o=$(stat -L -c %s -- "$2" 2>&1) ;;
        b) o=$(stat -L -f %z -- "$2" 2>&1) ;;
        *) o=$(wc -c < "$2" 2>&1) ;;
        esac
        if [ $? -eq 0 ]; then printf '%s Y %s OK %s\\n' "$T" "$1" "$o"; else er Y "$1" "$o"; fi
      }
      """;

  private final String token;
  private final List<Op> ops;

  public RemoteBatch(List<Op> ops) {
    byte[] r = new byte[16];
    RANDOM.nextBytes(r);
    this.token = "=vigil:" + HexFormat.of().formatHex(r) + "=";
    this.ops = List.copyOf(ops);
  }

  public List<Op> ops() {
    return ops;
  }

  /** The script for {@code sh -s}. It prints {@code TOKEN P <pid>} first. */
  public String script() {
    return prelude() + request();
  }

  /** The shell functions every request uses; sent once to a long-lived {@code sh -s}. */
  public static String prelude() {
    return FUNCTIONS;
  }

  /** The operations of this batch, framed by its token; needs {@link #prelude()} run before. */
  public String request() {
    StringBuilder s = new StringBuilder(256 + ops.size() * 48);
    s.append("T='").append(token).append("'\n");
    s.append("printf '%s P %s\\n' \"$T\" \"$$\"\n");
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String q = Shell.quote(op.path());
      if (op instanceof Read r) {
        s.append("rd ").append(i).append(' ').append(q).append(' ').append(r.limit()).append('\n');
      } else if (op instanceof Stat) {
        s.append("st ").append(i).append(' ').append(q).append('\n');
      } else if (op instanceof ListDir) {
        s.append("li ").append(i).append(' ').append(q).append('\n');
      } else if (op instanceof Tree t) {
        s.append("tw ").append(i).append(' ').append(q).append(' ').append(t.limit()).append('\n');
      } else {
        s.append("sz ").append(i).append(' ').append(q).append('\n');
      }
    }
    s.append("printf '%s END\\n' \"$T\"\n");
    return s.toString();
  }

  /** The remote shell's pid, from the first frame; empty when it did not start. */
  public Optional<Long> pid(byte[] out, int length) {
    byte[] prefix = (token + " P ").getBytes(StandardCharsets.US_ASCII);
    if (length < prefix.length || !startsWith(out, 0, prefix)) {
      return Optional.empty();
    }
    int eol = indexOf(out, length, (byte) '\n', prefix.length);
    if (eol < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Long.parseLong(
              new String(out, prefix.length, eol - prefix.length, StandardCharsets.US_ASCII)
                  .trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when the output holds the final frame: every operation ran. */
  public boolean complete(byte[] out, int length) {
    byte[] end = ("\n" + token + " END\n").getBytes(StandardCharsets.US_ASCII);
    return length >= end.length && startsWith(out, length - end.length, end);
  }

  /**
   * Parses the frames of {@code out[0..length)}. Operations whose frames are missing or cut (the
   * output bound was hit, the command was killed) have no result.
   */
  public List<Result> parse(byte[] out, int length) {
    byte[] tok = token.getBytes(StandardCharsets.US_ASCII);
    List<Result> results = new ArrayList<>();
    int pos = 0;
    while (pos < length) {
      int eol = indexOf(out, length, (byte) '\n', pos);
      if (eol < 0) {
        break;
      }
      if (!startsWith(out, pos, tok) || eol - pos < tok.length + 1) {
        pos = eol + 1; // stray output (a multi-line message); frames start at a line start
        continue;
      }
      String header = new String(out, pos + tok.length + 1, eol - pos - tok.length - 1, UTF8);
      pos = eol + 1;
      String[] f = header.split(" ", 4);
      if (f.length < 2 || !f[1].matches("\\d+")) {
        continue;
      }
      int idx = Integer.parseInt(f[1]);
      if (idx >= ops.size()) {
        continue;
      }
      Op op = ops.get(idx);
      String state = f.length > 2 ? f[2] : "";
      String rest = f.length > 3 ? f[3] : "";
      switch (f[0]) {
        case "L" -> {
          // The link target of the stat just before.
          String target =
              header.substring(Math.min(header.length(), f[0].length() + f[1].length() + 2));
          if (!results.isEmpty() && results.get(results.size() - 1).op() == op) {
            Result prev = results.remove(results.size() - 1);
            results.add(
                new Result(
                    prev.op(),
                    prev.status(),
                    prev.content(),
                    prev.exitCode(),
                    prev.statLine(),
                    Optional.of(target),
                    prev.message()));
          }
        }
        case "S", "Y" -> {
          if (state.equals("OK")) {
            results.add(new Result(op, Status.OK, new byte[0], 0, rest, Optional.empty(), ""));
          } else {
            results.add(new Result(op, Status.ERROR, new byte[0], 1, "", Optional.empty(), rest));
          }
        }
        case "R", "D", "T" -> {
          switch (state) {
            case "OK" -> {
              byte[] endMarker =
                  ("\n" + token + " Z " + idx + " ").getBytes(StandardCharsets.US_ASCII);
              int end = indexOf(out, length, endMarker, pos);
              if (end < 0) {
                return results; // cut off inside the content
              }
              int rcEol = indexOf(out, length, (byte) '\n', end + endMarker.length);
              if (rcEol < 0) {
                return results;
              }
              int rc;
              try {
                rc =
                    Integer.parseInt(
                        new String(
                                out,
                                end + endMarker.length,
                                rcEol - end - endMarker.length,
                                StandardCharsets.US_ASCII)
                            .trim());
              } catch (NumberFormatException e) {
                rc = -1;
              }
              byte[] content = java.util.Arrays.copyOfRange(out, pos, end);
              results.add(new Result(op, Status.OK, content, rc, "", Optional.empty(), ""));
              pos = rcEol + 1;
            }
            case "DIR" -> results.add(simple(op, Status.DIRECTORY));
            case "OTHER" -> results.add(simple(op, Status.NOT_REGULAR));
            case "NOTDIR" -> results.add(simple(op, Status.NOT_DIRECTORY));
            default ->
                results.add(
                    new Result(op, Status.ERROR, new byte[0], 1, "", Optional.empty(), rest));
          }
        }
        default -> {
          // P (pid) and END frames carry no result.
        }
      }
    }
    return results;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static Result simple(Op op, Status status) {
    return new Result(op, status, new byte[0], 0, "", Optional.empty(), "");
  }

  static boolean startsWith(byte[] a, int at, byte[] prefix) {
    if (at < 0 || at + prefix.length > a.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (a[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(byte[] a, int length, byte b, int from) {
    for (int i = from; i < length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static int indexOf(byte[] a, int length, byte[] needle, int from) {
    outer:
    for (int i = from; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (a[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
