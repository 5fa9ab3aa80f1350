package dev.vigil.collectors.accounts;

import dev.vigil.collectors.internal.Inputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The last login of each user from {@code /var/log/wtmp} (glibc utmp records of 384 bytes, native
 * little-endian on x86_64 and aarch64). Only the user name and the time are kept.
 *
 * @param status {@code ok|missing|error} (the reason is not needed by rules: no key means unknown)
 * @param lastLogin user name to epoch seconds of the latest USER_PROCESS record
 */
record Wtmp(String status, Map<String, Long> lastLogin) {
  static final String PATH = "/var/log/wtmp";
  private static final int RECORD = 384;
  private static final int USER_PROCESS = 7;

  static Wtmp read(Inputs in) {
    Inputs.Text t = in.read(PATH, 64L << 20, true);
    if (t.missing()) {
      return new Wtmp("missing", Map.of());
    }
    if (!t.ok()) {
      return new Wtmp("error", Map.of());
    }
    byte[] b = t.content().orElseThrow().bytes();
    if (b.length % RECORD != 0) {
      return new Wtmp("error", Map.of());
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Long> last = new HashMap<>();
    for (int off = 0; off + RECORD <= b.length; off += RECORD) {
      if (buf.getInt(off) != USER_PROCESS) {
        continue;
      }
      int end = off + 44;
      while (end < off + 76 && b[end] != 0) {
        end++;
      }
      String user = new String(b, off + 44, end - (off + 44), StandardCharsets.UTF_8);
      long sec = Integer.toUnsignedLong(buf.getInt(off + 340));
      if (!user.isEmpty()) {
        last.merge(user, sec, Math::max);
      }
    }
    return new Wtmp("ok", last);
  }
}
